package web_test

import (
	"net/url"
	"strconv"

	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of imports and exports: importing needs register.edit,
// templates and masked exports register.view, unmasked exports personal.unmask. An
// import job and its error report belong to the account that uploaded the file: the
// "in" job is staff A's, the other staff B's, and nobody else sees either.

// importJobFixture uploads a file with one bad row as staff A (in) or staff B, waits
// for its dry run to finish and returns the job's id.
func importJobFixture(e *webtest.Env, in bool) int64 {
	e.T.Helper()
	who, grid := webtest.StaffA, e.GridA
	if !in {
		who, grid = webtest.StaffB, e.GridB
	}
	csv := "网格编码,楼栋名称,地址,地上层数,楼栋类型\n" + grid.FullCode + ",1幢,x 路,3,住宅\n" + grid.FullCode + ",2幢,x 路,three,住宅\n"
	r := e.Login(who).PostFile("/api/v1/imports", url.Values{"register": {"buildings"}, "dry_run": {"true"}}, "file", "b.csv", []byte(csv))
	var j struct {
		ID int64 `json:"id"`
	}
	r.JSON(e.T, &j)
	e.Server.WaitImports()
	return j.ID
}

func init() {
	editors, readers, unmaskers := anyOf(registerEditors()), anyOf(registerEditors()), anyOf(registerUnmaskers())
	owner := map[string]string{webtest.StaffA: "in"}
	jobPath := func(suffix string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			method := "GET"
			if suffix == "/run" {
				method = "POST"
			}
			return target{method: method, path: "/registers/imports/" + strconv.FormatInt(importJobFixture(e, in), 10) + suffix}
		}
	}
	apiJobPath := func(method, suffix string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			t := target{method: method, path: "/api/v1/imports/" + strconv.FormatInt(importJobFixture(e, in), 10) + suffix}
			if method == "POST" {
				t.json = map[string]any{}
			}
			return t
		}
	}
	for _, reg := range importer.All {
		base := "/registers/" + reg.Name
		authzCases = append(authzCases,
			authzCase{route: "GET " + base + "/import", allow: editors, req: fixed("GET", base+"/import")},
			authzCase{route: "POST " + base + "/import", allow: editors, req: fixed("POST", base+"/import")},
			authzCase{route: "GET " + base + "/template.xlsx", allow: readers, req: fixed("GET", base+"/template.xlsx")},
			authzCase{route: "GET " + base + "/export.xlsx", allow: readers, req: fixed("GET", base+"/export.xlsx")},
			authzCase{route: "GET " + base + "/export.csv", allow: readers, req: fixed("GET", base+"/export.csv")},
			authzCase{route: "POST " + base + "/export.xlsx", allow: unmaskers, req: func(*webtest.Env, bool) target {
				return target{method: "POST", path: base + "/export.xlsx", form: "purpose=" + url.QueryEscape("核对台账")}
			}},
			authzCase{route: "POST " + base + "/export.csv", allow: unmaskers, req: func(*webtest.Env, bool) target {
				return target{method: "POST", path: base + "/export.csv", form: "purpose=" + url.QueryEscape("核对台账")}
			}},
		)
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /registers/imports/{id}", allow: owner, req: jobPath("")},
		authzCase{route: "POST /registers/imports/{id}/run", allow: owner, req: jobPath("/run")},
		authzCase{route: "GET /registers/imports/{id}/errors.xlsx", allow: owner, req: jobPath("/errors.xlsx")},
		authzCase{route: "POST /api/v1/imports", allow: editors, req: jsonReq("POST", "/api/v1/imports", map[string]any{})},
		authzCase{route: "GET /api/v1/imports/{id}", allow: owner, req: apiJobPath("GET", "")},
		authzCase{route: "POST /api/v1/imports/{id}/run", allow: owner, req: apiJobPath("POST", "/run")},
		authzCase{route: "GET /api/v1/imports/{id}/errors.xlsx", allow: owner, req: apiJobPath("GET", "/errors.xlsx")},
	)
}

// anyOf turns a map of callers allowed in scope into callers allowed everywhere: the
// route has no target in the tree.
func anyOf(m map[string]string) map[string]string {
	out := map[string]string{}
	for k := range m {
		out[k] = "any"
	}
	return out
}
