package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/store"
)

func runDemo(ctx context.Context, args []string, out, errOut io.Writer) error {
	var seed, pop *string
	db, _, err := openFor(ctx, "demo", args, errOut, func(f *flagAdder) {
		seed = f.String("seed", "1", "seed of the demo district")
		pop = f.String("population", string(demo.PopulateCommunity), "which grids get registers: community, street, district or none")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := strconv.ParseInt(*seed, 10, 64)
	if err != nil {
		return fmt.Errorf("--seed must be a number")
	}
	if !demo.Population(*pop).Valid() {
		return fmt.Errorf("--population must be community, street, district or none")
	}
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return errors.New("the database already holds data; the demo district is only seeded into an empty database")
	}
	return seed1(ctx, db, n, demo.Population(*pop), out)
}

// seedDemoIfEmpty seeds the demo district on first start with --demo.
func seedDemoIfEmpty(ctx context.Context, db *store.DB, seed int64, pop demo.Population, out io.Writer) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil || !empty {
		if err == nil {
			fmt.Fprintf(out, "--demo: the database already holds data, so nothing was seeded (demo logins use the password %s).\n", demo.Password)
		}
		return err
	}
	return seed1(ctx, db, seed, pop, out)
}

func seed1(ctx context.Context, db *store.DB, seed int64, pop demo.Population, out io.Writer) error {
	fmt.Fprintln(out, "Seeding the demo district (苏州市姑苏区)…")
	res, err := demo.Seed(ctx, db, seed, pop)
	if err != nil {
		return err
	}
	demo.Print(out, res)
	return nil
}
