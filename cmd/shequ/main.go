// Command shequ is the community governance platform: one binary that serves the web
// pages and API, migrates the database, manages accounts, seeds the demo district,
// verifies the audit chain and backs up the embedded database.
package main

import (
	"os"

	"github.com/shequ-dev/shequ/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
