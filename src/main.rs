fn main() -> std::process::ExitCode {
    bangfu::memory::limit_malloc_arenas();
    bangfu::cli::main()
}
