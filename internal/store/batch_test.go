package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// TestBatch checks that the writes of a batch see each other, that a failed write inside
// leaves the others standing, and that a batch that fails commits nothing.
func TestBatch(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	building := func(name string) register.BuildingInput {
		return register.BuildingInput{NodeID: tr.gridA.ID, Name: name, Address: "平江路 1 号", FloorsAbove: 6, Kind: register.Residential}
	}
	err := db.Batch(ctx, worker, func(ctx context.Context) error {
		b, err := db.CreateBuilding(ctx, worker, building("1幢"))
		if err != nil {
			return err
		}
		// The house's check reads the building written a moment ago in the same batch.
		if _, err := db.CreateHouse(ctx, worker, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: "101", Area: 60, Use: register.SelfOccupied}); err != nil {
			return err
		}
		if _, err := db.CreateBuilding(ctx, worker, building("1幢")); errs.As(err) == nil || errs.As(err).Code != errs.Invalid {
			t.Errorf("a second 1幢 in the batch: %v", err)
		}
		_, err = db.CreateBuilding(ctx, worker, building("2幢"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := func() map[string]bool {
		list, err := db.Buildings(ctx, worker, store.RegisterFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, b := range list {
			out[b.Name] = true
		}
		return out
	}
	if got := names(); len(got) != 2 || !got["1幢"] || !got["2幢"] {
		t.Fatalf("after the batch: %v", got)
	}
	boom := errors.New("boom")
	err = db.Batch(ctx, worker, func(ctx context.Context) error {
		if _, err := db.CreateBuilding(ctx, worker, building("3幢")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("failed batch: %v", err)
	}
	if got := names(); got["3幢"] {
		t.Fatal("a failed batch kept its writes")
	}
}
