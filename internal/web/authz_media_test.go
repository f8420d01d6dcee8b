package web_test

import (
	"context"
	"fmt"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/media/mediatest"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of case photos. Anyone may upload (residents report without
// signing in; bad input is a 400, which still proves the guard let the call through).
// A photo attached to a case is seen by those with the case permission whose scope holds
// the case's node; handlers through their unit's assignment (the fixture's case in grid A
// is dispatched to handler A's unit), and residents only their own uploads.

// photoFixture is an anonymous resident's photo attached to a case in grid A (in) or B.
func photoFixture(e *webtest.Env, in bool) int64 {
	e.T.Helper()
	a, claim, err := e.DB.SaveAttachment(context.Background(), &account.Principal{Username: "anonymous", IP: "192.0.2.1"}, "a.jpg",
		mediatest.PhoneJPEG(e.T, 16, 16, 1))
	if err != nil {
		e.T.Fatalf("photo: %v", err)
	}
	linkForTest(e, a.ID, claim, in)
	return a.ID
}

func init() {
	viewers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both", webtest.StaffA: "in",
		webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.Supervisor: "in", webtest.HandlerA: "in"}
	file := func(suffix string) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/files/%d%s", photoFixture(e, in), suffix)}
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "POST /api/v1/attachments", allow: everyone, req: jsonReq("POST", "/api/v1/attachments", map[string]string{})},
		authzCase{route: "GET /files/{id}", allow: viewers, req: file("")},
		authzCase{route: "GET /files/{id}/thumb", allow: viewers, req: file("/thumb")},
	)
}
