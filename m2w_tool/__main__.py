from m2w_tool.cli import main

main()
