fn main() -> std::process::ExitCode {
    bangfu::cli::main()
}
