package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// openFor parses the database flags of a command and opens the database.
func openFor(ctx context.Context, name string, args []string, errOut io.Writer, extra func(fsAdd *flagAdder)) (*store.DB, *Config, error) {
	fs := newFlagSet(name, errOut)
	load := flags(fs, dbOptions...)
	if extra != nil {
		extra(&flagAdder{fs})
	}
	if err := parse(fs, args); err != nil {
		return nil, nil, err
	}
	c, err := load()
	if err != nil {
		return nil, nil, err
	}
	db, err := openDB(ctx, c, newLogger(c, errOut))
	return db, c, err
}

type flagAdder struct {
	fs interface {
		String(string, string, string) *string
	}
}

func (f *flagAdder) String(name, def, help string) *string { return f.fs.String(name, def, help) }

func runMigrate(ctx context.Context, args []string, out, errOut io.Writer) error {
	db, _, err := openFor(ctx, "migrate", args, errOut, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(out, "database is up to date")
	return nil
}

func runAudit(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(errOut, "usage: shequ audit verify [--db …]")
		return errUsage
	}
	db, _, err := openFor(ctx, "audit verify", args[1:], errOut, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	n, problem, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if problem != nil {
		return fmt.Errorf("audit chain BROKEN at entry %d: %s (%d entries checked)", problem.Seq, problem.Reason, n)
	}
	fmt.Fprintf(out, "audit chain intact: %d entries verified\n", n)
	return nil
}

func runIndicators(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(errOut, "usage: shequ indicators verify [--db …]")
		return errUsage
	}
	db, _, err := openFor(ctx, "indicators verify", args[1:], errOut, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	check, err := db.VerifyIndicators(ctx)
	if err != nil {
		return err
	}
	if len(check.Problems) > 0 {
		for _, p := range check.Problems {
			fmt.Fprintln(errOut, p)
		}
		return fmt.Errorf("indicators DO NOT MATCH the case timelines (%d cases, %d facts, %d counters checked; the first differences above)",
			check.Cases, check.Facts, check.Counters)
	}
	fmt.Fprintf(out, "indicators consistent: %d cases, %d facts, %d counters and %d rollups verified\n", check.Cases, check.Facts,
		check.Counters, check.Rollups)
	return nil
}

func runBackup(ctx context.Context, args []string, out, errOut io.Writer) error {
	var dest *string
	db, c, err := openFor(ctx, "backup", args, errOut, func(f *flagAdder) {
		dest = f.String("out", "", "file to write the copy to (must not exist)")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if c.IsPostgres() {
		return errors.New("this is a PostgreSQL database: back it up with pg_dump, e.g. pg_dump --format=custom --file=shequ.dump 'postgres://…'")
	}
	if *dest == "" {
		return errors.New("--out is required")
	}
	if err := db.Backup(ctx, *dest); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s (remember the master key: %s)\n", *dest, c.KeyFile)
	return nil
}

func runUser(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "reset-password") {
		fmt.Fprintln(errOut, "usage: shequ user create --username NAME --name 显示名 --role ROLE [--node CODE] [--unit ID] [--phone N] [--password P]\n"+
			"       shequ user reset-password --login NAME_OR_PHONE [--password P]")
		return errUsage
	}
	sub := args[0]
	var username, name, role, node, unit, phone, password, login *string
	db, _, err := openFor(ctx, "user "+sub, args[1:], errOut, func(f *flagAdder) {
		password = f.String("password", "", "password (default: generate one and print it)")
		if sub == "create" {
			username = f.String("username", "", "sign-in name")
			name = f.String("name", "", "display name")
			role = f.String("role", "admin", "role: "+roleNames())
			node = f.String("node", "", "full code of the place the account is bound to (e.g. 320508001)")
			unit = f.String("unit", "", "id of the unit (department handlers)")
			phone = f.String("phone", "", "mobile number")
		} else {
			login = f.String("login", "", "username or mobile number")
		}
	})
	if err != nil {
		return err
	}
	defer db.Close()
	sys := account.SystemPrincipal("cli")
	pw := *password
	generated := pw == ""
	if generated {
		pw = generatePassword()
	}
	if sub == "reset-password" {
		id, err := db.UserIDByLogin(ctx, *login)
		if err != nil {
			return explain(err)
		}
		if err := db.ResetPassword(ctx, sys, id, pw); err != nil {
			return explain(err)
		}
		fmt.Fprintf(out, "password reset for %s\n", *login)
	} else {
		in := account.UserInput{Username: *username, DisplayName: *name, Role: account.Role(*role), Phone: *phone, Password: pw}
		if *node != "" {
			id, err := db.NodeIDByCode(ctx, *node)
			if err != nil {
				return explain(err)
			}
			in.NodeID = id
		}
		if *unit != "" {
			if _, err := fmt.Sscan(*unit, &in.UnitID); err != nil {
				return fmt.Errorf("--unit must be a number")
			}
		}
		u, err := db.CreateUser(ctx, sys, in)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(out, "created account %d: %s (%s)\n", u.ID, u.Username, u.Role)
	}
	if generated {
		fmt.Fprintf(out, "password: %s\n", pw)
	}
	return nil
}

func roleNames() string {
	var s []string
	for _, r := range account.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

// generatePassword makes a password that satisfies the policy and is easy to read out.
func generatePassword() string {
	return "Sq-" + secret.RandomDigits(4) + "-" + strings.ToLower(secret.NewToken("")[:6]) + "-" + secret.RandomDigits(4)
}

// explain turns a domain error into a message for the terminal, field by field.
func explain(err error) error {
	e := errs.As(err)
	if e == nil || e.Code == errs.Internal {
		return err
	}
	msg := i18n.Msg(i18n.EN, e.Msg)
	for _, f := range e.Fields {
		msg += fmt.Sprintf("\n  --%s: %s", strings.ReplaceAll(f.Field, "_", "-"), i18n.Msg(i18n.EN, f.Msg))
	}
	return errors.New(msg)
}
