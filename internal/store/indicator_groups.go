package store

import (
	"cmp"
	"context"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// gridWorkers are the active grid workers of an area, with the path of each one's grid:
// a worker's figures are those of the cases in the grid.
type gridWorkers struct {
	list   []gridWorker
	byPath map[string][]int64
}

type gridWorker struct {
	id         int64
	name, path string
}

func (db *DB) gridWorkersIn(ctx context.Context, scope string) (*gridWorkers, error) {
	lo, hi := admin.SubtreeRange(cmp.Or(scope, "/"))
	list, err := queryList(ctx, db, "entity.user", func(s rowScanner) (gridWorker, error) {
		var w gridWorker
		return w, s.Scan(&w.id, &w.name, &w.path)
	}, `SELECT u.id, u.display_name, n.path FROM users u JOIN nodes n ON n.id = u.node_id
		WHERE u.role = 'grid_worker' AND u.disabled_at IS NULL AND n.path >= ? AND n.path < ? ORDER BY n.path, u.id`, lo, hi)
	if err != nil {
		return nil, err
	}
	g := &gridWorkers{list: list, byPath: map[string][]int64{}}
	for _, w := range list {
		g.byPath[w.path] = append(g.byPath[w.path], w.id)
	}
	return g, nil
}

// of is the workers whose grid holds path: those of the path's own area and of every
// area above it.
func (g *gridWorkers) of(path string) []int64 {
	var out []int64
	for p := path; p != ""; {
		out = append(out, g.byPath[p]...)
		i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')
		if i < 0 {
			break
		}
		p = p[:i+1]
	}
	return out
}

// gridWorkerPath is the grid of the worker key names, which must be an active grid worker
// within scope.
func (db *DB) gridWorkerPath(ctx context.Context, scope, key string) (string, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	var path string
	if err == nil {
		err = db.queryRow(ctx, `SELECT n.path FROM users u JOIN nodes n ON n.id = u.node_id
			WHERE u.id = ? AND u.role = 'grid_worker' AND u.disabled_at IS NULL`, id).Scan(&path)
	}
	if err != nil || !strings.HasPrefix(path, cmp.Or(scope, "/")) {
		return "", errs.FieldInvalid("key", "err.figure_key")
	}
	return path, nil
}

// addChildAreas adds a group for each active area one level below scope, so an area
// where nothing was counted is listed too.
func (db *DB) addChildAreas(ctx context.Context, scope string, add func(string, indicators.Fact, int64)) error {
	var ids []int64
	var err error
	if n := admin.PathIDs(scope); len(n) > 0 {
		ids, err = queryList(ctx, db, "entity.node", scanID, `SELECT id FROM nodes WHERE parent_id = ? AND retired_at IS NULL ORDER BY code`, n[len(n)-1])
	} else {
		ids, err = queryList(ctx, db, "entity.node", scanID, `SELECT id FROM nodes WHERE parent_id IS NULL AND retired_at IS NULL ORDER BY code`)
	}
	for _, id := range ids {
		add(strconv.FormatInt(id, 10), "", 0)
	}
	return err
}

// nameGroups fills in the names of the areas, units, categories and workers the groups
// are of.
func (db *DB) nameGroups(ctx context.Context, by Dimension, groups []FigureGroup, workers *gridWorkers) error {
	table := map[Dimension]string{ByArea: "nodes", ByUnit: "units", ByCategory: "categories"}[by]
	names := map[string]string{}
	switch {
	case by == ByWorker:
		for _, w := range workers.list {
			names[strconv.FormatInt(w.id, 10)] = w.name
		}
	case table != "":
		var ids []string
		var args []any
		for _, g := range groups {
			if id, err := strconv.ParseInt(g.Key, 10, 64); err == nil && id != 0 {
				ids, args = append(ids, "?"), append(args, id)
			}
		}
		for len(args) > 0 { // a few hundred at a time keeps under every bound of parameters
			n := min(len(args), 500)
			rows, err := db.query(ctx, `SELECT id, name FROM `+table+` WHERE id IN (`+strings.Join(ids[:n], ", ")+`)`, args[:n]...)
			pairs, err := collect(rows, err, "entity.node", func(s rowScanner) ([2]string, error) {
				var id int64
				var name string
				err := s.Scan(&id, &name)
				return [2]string{strconv.FormatInt(id, 10), name}, err
			})
			if err != nil {
				return err
			}
			for _, p := range pairs {
				names[p[0]] = p[1]
			}
			ids, args = ids[n:], args[n:]
		}
	}
	for i := range groups {
		groups[i].Name = names[groups[i].Key]
	}
	return nil
}
