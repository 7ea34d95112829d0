//! The allocator's settings for the server process (glibc's malloc).

/// glibc gives every thread that allocates an arena of its own, up to eight per core, and each
/// keeps what is freed in it. A server has many such threads (actix's workers, tokio's blocking
/// pool, tantivy's indexing and merge threads, argon2 hashes), so freed memory piled up in a dozen
/// arenas: the soak held 153 MiB at 300 needs with the default and 125 MiB with two arenas, at the
/// same throughput (README, Soak). `MALLOC_ARENA_MAX` in the environment still decides when set.
/// Called first thing in `main`, before any other thread exists.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX accepts any positive value,
        // and a failure (0) leaves the default in place.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
