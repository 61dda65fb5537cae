from vinculo.cli import main

raise SystemExit(main())
