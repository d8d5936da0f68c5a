// The program's arguments, output and exit status, from the build's socket ABI (abi/README.md).

/** The program's arguments; [0] is the program's name (may be empty). */
export function argv(): string[] {
  return sys_args();
}

/** Writes text to stdout (UTF-8, no newline added). */
export function print(text: string): void {
  sys_print(text);
}

/** Writes text to stderr. */
export function printError(text: string): void {
  sys_print_error(text);
}

/** Ends the program at once with this status (a component can only say 0 or 1). */
export function exit(code: i32): void {
  sys_exit(code);
}
