//! The `metagen` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    metagen::cli::main()
}
