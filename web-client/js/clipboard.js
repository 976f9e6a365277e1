// @ts-check
// Copying a link to the clipboard. The Clipboard API needs a secure context (https or
// localhost); a self-hosted server on a local network is often plain http, so the
// fallback selects the text in a hidden text field and uses the copy command.

/**
 * @param {string} text
 * @returns {Promise<boolean>} whether the text is on the clipboard
 */
export async function copyText(text) {
  if (globalThis.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Denied (no focus, policy): try the old way.
    }
  }
  return copyWithSelection(text);
}

/**
 * @param {string} text
 * @returns {boolean}
 */
function copyWithSelection(text) {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'visually-hidden';
  const focused = document.activeElement;
  document.body.appendChild(field);
  field.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  field.remove();
  if (focused instanceof HTMLElement) focused.focus();
  return ok;
}
