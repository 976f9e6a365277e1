// Compiled only so that its target makes the precompiled header that the test targets
// reuse (cmake/pch.cmake, samskab_pch_holder).
