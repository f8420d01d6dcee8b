package store_test

import (
	"sync"
	"testing"

	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// Several instances starting at once against one database must all come up.
func TestConcurrentMigrate(t *testing.T) {
	base := storetest.New(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := store.Open(ctx, base.URL, store.Options{SearchPath: base.Path})
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			_, err = db.Migrate(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n, err := base.Pending(ctx); err != nil || n != 0 {
		t.Fatalf("pending %d %v", n, err)
	}
}

func TestMigrationsAreNumberedAndNamed(t *testing.T) {
	ms, err := store.Migrations()
	if err != nil || len(ms) == 0 {
		t.Fatalf("%v %v", ms, err)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Fatalf("migration %s: numbers must run 1, 2, 3…", m.Name)
		}
	}
}
