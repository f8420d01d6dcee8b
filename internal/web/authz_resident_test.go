package web_test

import (
	"context"
	"net/url"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the resident's side of the loop: anyone, signed in or not,
// may report and open a tracking page with its key (the key, not the account, is what
// opens it); "my reports" needs an account.

// residentCase files a report as an anonymous resident and returns its ticket and key.
func residentCase(e *webtest.Env) (ticket, key string) {
	in, err := e.DB.Report(context.Background(), nil, cases.Report{Source: cases.FromResident, CategoryID: eventCategory(e, "0102"),
		Description: "授权测试反映", Address: "平江路 1 号"})
	if err != nil {
		e.T.Fatal(err)
	}
	return in.Case.Ticket, in.TrackKey
}

func init() {
	authzCases = append(authzCases,
		authzCase{route: "GET /report", req: fixed("GET", "/report"), allow: everyone},
		authzCase{route: "POST /report", allow: everyone, req: func(*webtest.Env, bool) target {
			return target{method: "POST", path: "/report", form: url.Values{"category_id": {"2"}, "description": {"路边垃圾"},
				"address": {"平江路 2 号"}}.Encode()}
		}},
		authzCase{route: "GET /t/{ticket}", allow: everyone, req: func(e *webtest.Env, _ bool) target {
			ticket, key := residentCase(e)
			return target{method: "GET", path: "/t/" + ticket + "?k=" + key}
		}},
		// An open case cannot be rated yet (409): the guard let the call through.
		authzCase{route: "POST /t/{ticket}/rate", allow: everyone, req: func(e *webtest.Env, _ bool) target {
			ticket, key := residentCase(e)
			return target{method: "POST", path: "/t/" + ticket + "/rate", form: url.Values{"k": {key}, "rating": {"satisfied"}}.Encode()}
		}},
		authzCase{route: "GET /my/reports", req: fixed("GET", "/my/reports"), allow: signedIn()},
	)
}
