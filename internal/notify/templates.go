package notify

// Audience says who a step's template addresses.
type Audience string

// The audiences.
const (
	Public Audience = "public" // the reporter: a resident, a hotline caller
	Staff  Audience = "staff"  // staff and handlers working on the case
)

// The templates of the case loop's notifying steps. Each is a catalogue key prefix with
// a ".title" and a ".body" text.
const (
	CaseReceived   = "notify.case_received"   // 受理: the report was received
	CaseRegistered = "notify.case_registered" // 立案
	CaseRejected   = "notify.case_rejected"   // 不予立案, with the reason
	CaseMerged     = "notify.case_merged"     // 合并 into a master case
	CaseReferred   = "notify.case_referred"   // 私事转介, with the referral note
	CaseDispatched = "notify.case_dispatched" // 派遣: to the unit's accounts
	CaseHandled    = "notify.case_handled"    // 处置完毕
	CaseClosed     = "notify.case_closed"     // 结案, with a link to rate
	CaseReopened   = "notify.case_reopened"   // 重办
	CaseUrged      = "notify.case_urged"      // 催办
	CaseSupervised = "notify.case_supervised" // 督办, with the supervisor's note
	CaseOverdue    = "notify.case_overdue"    // 超期
)

// Template is one notifying step.
type Template struct {
	Key      string   // catalogue key prefix
	Audience Audience // who it addresses
	Params   []string // the parameters its texts use; all are required
}

// Templates lists every notifying step of the case loop, in the loop's order.
var Templates = []Template{
	{CaseReceived, Public, []string{"ticket"}},
	{CaseRegistered, Public, []string{"ticket", "category"}},
	{CaseRejected, Public, []string{"ticket", "reason"}},
	{CaseMerged, Public, []string{"ticket", "master"}},
	{CaseReferred, Public, []string{"ticket", "note"}},
	{CaseDispatched, Staff, []string{"ticket", "category", "unit"}},
	{CaseHandled, Public, []string{"ticket"}},
	{CaseClosed, Public, []string{"ticket"}},
	{CaseReopened, Public, []string{"ticket"}},
	{CaseUrged, Staff, []string{"ticket"}},
	{CaseSupervised, Staff, []string{"ticket", "note"}},
	{CaseOverdue, Staff, []string{"ticket", "stage_key"}},
}

var byKey = func() map[string]Template {
	m := make(map[string]Template, len(Templates))
	for _, t := range Templates {
		m[t.Key] = t
	}
	return m
}()

// Lookup returns the template with key.
func Lookup(key string) (Template, bool) {
	t, ok := byKey[key]
	return t, ok
}
