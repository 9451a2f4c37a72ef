//! The `garage-desk` executable: hands the command line to the library.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    garage_desk::main_entry()
}
