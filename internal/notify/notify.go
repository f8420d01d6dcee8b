// Package notify tells people what happened to a case: in-app notifications for every
// account concerned, and text messages or WeChat template messages for reporters who
// left a phone number or came in through WeChat. It holds the message and recipient
// types, the list of steps that notify and their templates, the renderer that turns a
// template and its parameters into zh-CN or English text, and the channel interfaces
// with their logging implementations. Storage (the in-app rows and the delivery outbox)
// lives in internal/store.
package notify

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/sms"
)

// Message is one notification: a template of the catalogue, its parameters, and where
// it leads.
type Message struct {
	// Template is a catalogue key prefix such as "notify.case_registered"; the texts
	// are Template+".title" and Template+".body".
	Template string
	// Params fill the {name} placeholders of the texts: ticket, category, unit, reason…
	// A parameter whose name ends in "_key" holds a catalogue key (a status, a stage),
	// shown translated into the reader's language.
	Params map[string]string
	// Link is a relative URL on this site ("/cases/12"), or "".
	Link string
	// CaseID is the case the message is about, or 0.
	CaseID int64
}

// Recipient is who a message goes to. Any combination may be set; an empty Recipient
// (a fully anonymous reporter, who follows the case on the public tracking page) gets
// nothing.
type Recipient struct {
	UserID int64 // an account: one in-app notification
	UnitID int64 // a unit: one in-app notification for each of its active accounts
	// Phone is a mainland mobile number for a text message. It is plaintext only in
	// memory: storage seals it, and logs show it masked.
	Phone string
	// OpenID is the reporter's WeChat open id, for a template message. It is sealed
	// like the phone.
	OpenID string
	Lang   i18n.Lang // language of the text message; zh-CN when empty
}

// IsZero reports whether r reaches nobody.
func (r Recipient) IsZero() bool {
	return r.UserID == 0 && r.UnitID == 0 && r.Phone == "" && r.OpenID == ""
}

// LogValue keeps the phone and open id out of logs even when a Recipient is logged whole.
func (r Recipient) LogValue() slog.Value {
	return slog.GroupValue(slog.Int64("user_id", r.UserID), slog.Int64("unit_id", r.UnitID),
		slog.String("phone", secret.MaskPhone(r.Phone)), slog.Bool("wechat", r.OpenID != ""), slog.String("lang", string(r.Lang)))
}

// String is LogValue for fmt.
func (r Recipient) String() string { return r.LogValue().String() }

// Channel is an external delivery channel.
type Channel string

// The external channels. In-app notifications are not a channel: they are always written.
const (
	SMS    Channel = "sms"
	WeChat Channel = "wechat"
)

// Notification is one stored in-app notification of an account.
type Notification struct {
	ID       int64
	UserID   int64
	CaseID   int64
	Template string
	Params   map[string]string
	Link     string
	Created  time.Time
	Read     *time.Time
}

// Message returns the message the notification was made from.
func (n *Notification) Message() Message {
	return Message{Template: n.Template, Params: n.Params, Link: n.Link, CaseID: n.CaseID}
}

// Title renders the notification's title in lang.
func (n *Notification) Title(lang i18n.Lang) string { return Title(lang, n.Message()) }

// Body renders the notification's body in lang.
func (n *Notification) Body(lang i18n.Lang) string { return Body(lang, n.Message()) }

// WeChatMessage is a WeChat template message (模板消息 / 订阅消息).
type WeChatMessage struct {
	OpenID string
	// TemplateID is the catalogue template ("notify.case_closed"); the platform
	// adapter maps it to the template id registered with WeChat.
	TemplateID string
	// Data are the template's fields: the message parameters plus "title" and "body",
	// rendered in the recipient's language.
	Data map[string]string
	Link string // relative URL; the adapter makes it absolute (or a mini-program page)
}

// WeChatSender delivers WeChat template messages.
type WeChatSender interface {
	SendTemplate(ctx context.Context, m WeChatMessage) error
}

// SMSSender delivers text messages: the platform's one SMS interface.
type SMSSender = sms.Sender

// LogWeChat writes template messages to the log instead of sending them: for
// development and for deployments without a WeChat account. The open id is masked.
type LogWeChat struct {
	Logger *slog.Logger
}

// SendTemplate logs the message.
func (l LogWeChat) SendTemplate(ctx context.Context, m WeChatMessage) error {
	l.Logger.InfoContext(ctx, "wechat template message (logging sender: not sent)", "to", maskOpenID(m.OpenID),
		"template", m.TemplateID, "data", m.Data, "link", m.Link)
	return nil
}

// maskOpenID keeps the first and last two characters of an open id.
func maskOpenID(s string) string {
	if len(s) <= 4 {
		return strings.Repeat("*", len(s))
	}
	return s[:2] + strings.Repeat("*", len(s)-4) + s[len(s)-2:]
}

// Validate checks a message before it is stored: a known template with every
// parameter it needs, and a link that stays on this site. A failure is a programming
// error of the caller, not something a person typed, so it is an internal error.
func (m Message) Validate() error {
	t, ok := Lookup(m.Template)
	if !ok {
		return errs.Internalf("notify: unknown template %q", m.Template)
	}
	for _, p := range t.Params {
		if strings.TrimSpace(m.Params[p]) == "" {
			return errs.Internalf("notify: template %s needs parameter %q", m.Template, p)
		}
	}
	if m.Link != "" && (!strings.HasPrefix(m.Link, "/") || strings.HasPrefix(m.Link, "//") || strings.HasPrefix(m.Link, "/\\")) {
		return errs.Internalf("notify: link %q is not a relative URL of this site", m.Link)
	}
	return nil
}
