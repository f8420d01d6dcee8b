package web

import (
	"net/http"

	"github.com/shequ-dev/shequ/internal/account"
)

// handlerFunc is an HTTP handler that returns its error for the one error renderer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one entry of the route table. Every page and API endpoint is listed in the
// table built by routeTable, and nowhere else.
type route struct {
	method string
	path   string // ServeMux pattern path, e.g. "/api/v1/nodes/{id}"
	api    bool   // JSON API (errors as JSON, bearer tokens accepted)
	public bool   // reachable without signing in
	perm   account.Permission
	h      handlerFunc
	doc    *apiDoc // OpenAPI description; required for API routes
	upload bool    // takes file uploads: the body may reach the upload limit
}

// uploads marks a route that receives files, whose bodies may be as large as the
// upload limit rather than the limit for forms and JSON.
func (rt route) uploads() route {
	rt.upload = true
	return rt
}

// apiDoc describes an API route for the OpenAPI document.
type apiDoc struct {
	Summary  string
	Tag      string
	Query    []param
	Request  any // a value of the request body type, or nil
	Response any // a value of the success response type, or nil for 204
	Status   int // success status; 200 when 0
}

// param is a query parameter.
type param struct {
	Name, Type, Description string
}

func page(method, path string, perm account.Permission, h handlerFunc) route {
	return route{method: method, path: path, perm: perm, h: h}
}

func publicPage(method, path string, h handlerFunc) route {
	return route{method: method, path: path, public: true, h: h}
}

func api(method, path string, perm account.Permission, h handlerFunc, doc apiDoc) route {
	return route{method: method, path: path, api: true, perm: perm, h: h, doc: &doc}
}

func publicAPI(method, path string, h handlerFunc, doc apiDoc) route {
	return route{method: method, path: path, api: true, public: true, h: h, doc: &doc}
}

// routeTable lists every route of the platform, area by area.
func (s *Server) routeTable() []route {
	var rs []route
	rs = append(rs, s.opsRoutes()...)
	rs = append(rs, s.authRoutes()...)
	rs = append(rs, s.homeRoutes()...)
	rs = append(rs, s.treeRoutes()...)
	rs = append(rs, s.gridRoutes()...)
	rs = append(rs, s.mapRoutes()...)
	rs = append(rs, s.boundaryRoutes()...)
	rs = append(rs, s.boundaryEditRoutes()...)
	rs = append(rs, s.unitGridRoutes()...)
	rs = append(rs, s.mapStatRoutes()...)
	rs = append(rs, s.locateRoutes()...)
	rs = append(rs, s.unitRoutes()...)
	rs = append(rs, s.userRoutes()...)
	rs = append(rs, s.tokenRoutes()...)
	rs = append(rs, s.auditRoutes()...)
	rs = append(rs, s.registerRoutes()...)
	rs = append(rs, s.buildingRoutes()...)
	rs = append(rs, s.buildingAPIRoutes()...)
	rs = append(rs, s.houseRoutes()...)
	rs = append(rs, s.houseAPIRoutes()...)
	rs = append(rs, s.plateRoutes()...)
	rs = append(rs, s.householdRoutes()...)
	rs = append(rs, s.rentalRoutes()...)
	rs = append(rs, s.peopleRoutes()...)
	rs = append(rs, s.personRoutes()...)
	rs = append(rs, s.importRoutes()...)
	rs = append(rs, s.organisationAPIRoutes()...)
	rs = append(rs, s.facilityAPIRoutes()...)
	rs = append(rs, s.organisationRoutes()...)
	rs = append(rs, s.facilityRoutes()...)
	rs = append(rs, s.casesAPIRoutes()...)
	rs = append(rs, s.indicatorAPIRoutes()...)
	rs = append(rs, s.dashboardRoutes()...)
	rs = append(rs, s.casesExportRoutes()...)
	rs = append(rs, s.assessmentRoutes()...)
	rs = append(rs, s.calendarRoutes()...)
	rs = append(rs, s.notificationRoutes()...)
	rs = append(rs, s.attachmentRoutes()...)
	rs = append(rs, s.categoryRoutes()...)
	rs = append(rs, s.dispatchRuleRoutes()...)
	rs = append(rs, s.patrolRoutes()...)
	rs = append(rs, s.patrolAPIRoutes()...)
	rs = append(rs, s.deskRoutes()...)
	rs = append(rs, s.reportRoutes()...)
	rs = append(rs, s.trackRoutes()...)
	return rs
}
