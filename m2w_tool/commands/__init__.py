"""One module per group of commands; each command is thin: parse options, call one function."""
