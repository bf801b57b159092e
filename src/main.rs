//! The `huaban` binary: a thin shell over the library (editor or headless commands).

fn main() -> std::process::ExitCode {
    huaban::cli::main()
}
