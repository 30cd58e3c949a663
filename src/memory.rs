//! How the process uses memory, set once at start-up for every command (the tutorial, `walkthrough`,
//! `jwt`, `quiz`, `lessons`), so each has the same peak.

/// Each argon2id hash allocates and frees a 19 MiB block. glibc serves the first with `mmap` and
/// unmaps it on free, but that free raises its dynamic mmap threshold above 19 MiB, so every later
/// block comes from the heap and stays resident after the hash (the tutorial at 26 MiB idle instead
/// of 7; `walkthrough`, with 20 hashes, at 290 MiB). A fixed threshold (which also turns the dynamic
/// one off) keeps every block of 128 KiB or more in its own mapping, handed back to the OS when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_big_blocks_to_the_os() {
    // SAFETY: mallopt only tunes the allocator; it is called before any worker thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Other allocators (musl, macOS) do not keep large freed blocks resident this way.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_big_blocks_to_the_os() {}
