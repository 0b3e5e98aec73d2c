import EntitleCLI

EntitleCommand.main()
