// Tests of hashing (SHA-256, HMAC-SHA256), encoding and random identifiers.
#include "net/secrets.hpp"

#include "domain/join_code.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace samskab::server;

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[server]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Lengths around the padding boundary (55, 56, 64 bytes).
    CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("HMAC-SHA256 matches the RFC 4231 test vectors", "[server]") {
    auto hex = [](const std::string& bytes) {
        std::string out;
        for (unsigned char b : bytes) {
            out.push_back("0123456789abcdef"[b >> 4]);
            out.push_back("0123456789abcdef"[b & 0xF]);
        }
        return out;
    };
    CHECK(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // A key longer than the block size is hashed first (test case 6).
    CHECK(hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("base64url follows RFC 4648 without padding", "[server]") {
    struct row { const char* in; const char* want; };
    const row rows[] = {{"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"},
                        {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"}};
    for (const auto& r : rows) CHECK(base64url(r.in) == r.want);
}

TEST_CASE("tokens, session ids and join codes are random and well-formed", "[server]") {
    std::set<std::string> tokens, codes;
    for (int i = 0; i < 2000; ++i) {
        const std::string t = new_token();
        CHECK(t.size() == 43);  // 256 bits
        tokens.insert(t);
        const std::string c = new_join_code();
        CHECK(samskab::domain::normalize_join_code(c) == c);
        codes.insert(c);
    }
    CHECK(tokens.size() == 2000);
    CHECK(codes.size() > 1990);  // 31^6 codes: a repeat or two is possible, not more
    CHECK(new_session_id().size() == 16);
    CHECK(hash_token("x") == sha256_hex("x"));
}
