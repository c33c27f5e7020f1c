// Command derma builds skincare guide sites: derma build, serve, check, new.
package main

import (
	"os"

	"derma/generator/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
}
