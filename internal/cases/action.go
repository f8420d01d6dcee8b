package cases

import "github.com/shequ-dev/shequ/internal/account"

// Action is something a person (or the system) does to a case. Most actions move the case
// to another status; some record a fact and leave the status as it is.
type Action string

// The actions.
const (
	ActReport            Action = "report"             // 上报 (intake; not applied to an existing case)
	ActSelfHandle        Action = "self_handle"        // 自行处置 by a grid worker on the spot (intake)
	ActAlarm             Action = "alarm"              // a repeated sensor alarm for the same open problem
	ActClaim             Action = "claim"              // 受理: a reviewer takes the case
	ActTriage            Action = "triage"             // 三事分流: confirm or change the class, with a reason
	ActLocate            Action = "locate"             // place an unlocated case
	ActRegister          Action = "register"           // 立案
	ActReject            Action = "reject"             // 不予立案
	ActMerge             Action = "merge"              // merge into another case as a duplicate
	ActRefer             Action = "refer"              // 私事: refer to a service and close
	ActDispatch          Action = "dispatch"           // 派遣, and 转派 when already dispatched
	ActAcknowledge       Action = "acknowledge"        // 签收
	ActReturn            Action = "return"             // 退单
	ActStart             Action = "start"              // begin handling
	ActRequestExtension  Action = "request_extension"  // 延期申请
	ActApproveExtension  Action = "approve_extension"  // 延期批准
	ActRefuseExtension   Action = "refuse_extension"   // 延期驳回
	ActRequestSuspension Action = "request_suspension" // 挂起申请
	ActApproveSuspension Action = "approve_suspension" // 挂起批准: the clock stops
	ActRefuseSuspension  Action = "refuse_suspension"  // 挂起驳回
	ActResume            Action = "resume"             // 解挂: the clock runs again
	ActHandle            Action = "handle"             // 处置反馈
	ActVerify            Action = "verify"             // 核查通过
	ActRework            Action = "rework"             // 返工
	ActClose             Action = "close"              // 结案
	ActRate              Action = "rate"               // 回访 / 评价
	ActReopen            Action = "reopen"             // 重办
	ActArchive           Action = "archive"            // 归档
	ActUrge              Action = "urge"               // 催办
	ActSupervise         Action = "supervise"          // 督办
	ActAnswer            Action = "answer"             // the unit answers a supervision
	ActComment           Action = "comment"            // an internal note
	ActWarn              Action = "warn"               // the system: the limit is near (黄灯)
	ActOverdue           Action = "overdue"            // the system: the limit has passed (红灯)
	ActAbsorb            Action = "absorb"             // the system: a duplicate was merged into this case
)

// rule says where an action may be taken, where it leads and who may take it.
type rule struct {
	from []Status
	to   Status // "" keeps the status
	perm account.Permission
	// public actions appear on the reporter's tracking page and notify the reporter.
	public bool
}

var rules = map[Action]rule{
	ActClaim:             {from: []Status{Reported}, to: Reviewing, perm: account.CaseReview},
	ActTriage:            {from: []Status{Reported, Reviewing, Registered, Returned}, perm: account.CaseReview},
	ActLocate:            {from: []Status{Reported, Reviewing, Registered, Returned}, perm: account.CaseReview},
	ActRegister:          {from: []Status{Reported, Reviewing}, to: Registered, perm: account.CaseReview, public: true},
	ActReject:            {from: []Status{Reported, Reviewing}, to: Rejected, perm: account.CaseReview, public: true},
	ActMerge:             {from: []Status{Reported, Reviewing, Registered}, to: Merged, perm: account.CaseReview, public: true},
	ActRefer:             {from: []Status{Reported, Reviewing, Registered}, to: Closed, perm: account.CaseReview, public: true},
	ActDispatch:          {from: []Status{Registered, Returned, Dispatched, Acknowledged, InProgress}, to: Dispatched, perm: account.CaseDispatch, public: true},
	ActAcknowledge:       {from: []Status{Dispatched}, to: Acknowledged, perm: account.CaseHandle, public: true},
	ActReturn:            {from: []Status{Dispatched}, to: Returned, perm: account.CaseHandle},
	ActStart:             {from: []Status{Acknowledged}, to: InProgress, perm: account.CaseHandle},
	ActRequestExtension:  {from: []Status{Acknowledged, InProgress}, perm: account.CaseHandle},
	ActApproveExtension:  {from: []Status{Acknowledged, InProgress}, perm: account.CaseApprove},
	ActRefuseExtension:   {from: []Status{Acknowledged, InProgress}, perm: account.CaseApprove},
	ActRequestSuspension: {from: []Status{Acknowledged, InProgress}, perm: account.CaseHandle},
	ActApproveSuspension: {from: []Status{Acknowledged, InProgress}, to: Suspended, perm: account.CaseApprove},
	ActRefuseSuspension:  {from: []Status{Acknowledged, InProgress}, perm: account.CaseApprove},
	ActResume:            {from: []Status{Suspended}, to: InProgress, perm: account.CaseHandle},
	ActHandle:            {from: []Status{Acknowledged, InProgress}, to: Handled, perm: account.CaseHandle, public: true},
	ActVerify:            {from: []Status{Handled}, to: Verified, perm: account.CaseVerify},
	ActRework:            {from: []Status{Handled}, to: InProgress, perm: account.CaseVerify},
	ActClose:             {from: []Status{Verified}, to: Closed, perm: account.CaseClose, public: true},
	ActRate:              {from: []Status{Closed}, to: Rated, perm: account.CaseClose, public: true},
	ActReopen:            {from: []Status{Rated}, to: Dispatched, perm: account.CaseClose, public: true},
	ActArchive:           {from: []Status{Rejected, Closed, Rated}, to: Archived, perm: account.CaseClose},
	ActUrge:              {from: []Status{Dispatched, Acknowledged, InProgress, Handled}, perm: account.CaseSupervise},
	ActSupervise:         {from: []Status{Dispatched, Acknowledged, InProgress, Suspended, Handled}, perm: account.CaseSupervise},
	ActAnswer:            {from: []Status{Dispatched, Acknowledged, InProgress, Suspended, Handled, Verified, Closed}, perm: account.CaseHandle},
	ActComment:           {from: []Status{Reported, Reviewing, Registered, Dispatched, Returned, Acknowledged, InProgress, Suspended, Handled, Verified, Closed, Rated}, perm: account.CaseView},
}

// Actions lists the actions people take on an existing case, in the order a case page
// offers them.
var Actions = []Action{ActClaim, ActTriage, ActLocate, ActRegister, ActReject, ActMerge, ActRefer, ActDispatch,
	ActAcknowledge, ActReturn, ActStart, ActRequestExtension, ActApproveExtension, ActRefuseExtension,
	ActRequestSuspension, ActApproveSuspension, ActRefuseSuspension, ActResume, ActHandle, ActVerify, ActRework,
	ActClose, ActRate, ActReopen, ActArchive, ActUrge, ActSupervise, ActAnswer, ActComment}

// Valid reports whether a is an action people may take on an existing case.
func (a Action) Valid() bool { _, ok := rules[a]; return ok }

// Key is the catalogue key of the action's name.
func (a Action) Key() string { return "case_action." + string(a) }

// PublicKey is the catalogue key of the plain words the tracking page uses for the action.
func (a Action) PublicKey() string { return "case_public_action." + string(a) }

// Public reports whether the action is a public step: shown to the reporter, who is told of it.
func (a Action) Public() bool {
	switch a {
	case ActReport, ActSelfHandle:
		return true
	}
	return rules[a].public
}

// Permission is what the action requires of a person.
func (a Action) Permission() account.Permission { return rules[a].perm }

// Next is the status the action leads to from s, and whether the action may be taken
// in s at all.
func (a Action) Next(s Status) (Status, bool) {
	r, ok := rules[a]
	if !ok {
		return "", false
	}
	for _, f := range r.from {
		if f == s {
			if r.to == "" {
				return s, true
			}
			return r.to, true
		}
	}
	return "", false
}
