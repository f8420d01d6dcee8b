package web_test

import "github.com/shequ-dev/shequ/internal/web/webtest"

// The authorisation cases of the notification routes: every signed-in person, residents
// included, reads and marks their own notifications (storage never reaches anyone
// else's, see notifications_test.go); nobody signed out does.
func init() {
	authzCases = append(authzCases,
		authzCase{route: "GET /notifications", req: fixed("GET", "/notifications"), allow: signedIn()},
		authzCase{route: "POST /notifications/read", req: func(*webtest.Env, bool) target {
			return target{method: "POST", path: "/notifications/read", form: "all=1"}
		}, allow: signedIn()},
		authzCase{route: "GET /api/v1/notifications", req: fixed("GET", "/api/v1/notifications"), allow: signedIn()},
		authzCase{route: "POST /api/v1/notifications/read", req: jsonReq("POST", "/api/v1/notifications/read",
			map[string]any{"ids": []int64{1, 2}}), allow: signedIn()},
		authzCase{route: "GET /api/v1/notifications/unread-count", req: fixed("GET", "/api/v1/notifications/unread-count"), allow: signedIn()},
	)
}
