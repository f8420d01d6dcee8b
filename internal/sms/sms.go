// Package sms sends text messages. The platform only needs one kind today: verification
// codes for residents signing up. Deployments plug in their provider's gateway behind
// Sender; the development sender writes the message to the log.
package sms

import (
	"context"
	"log/slog"
	"sync"

	"github.com/shequ-dev/shequ/internal/secret"
)

// Sender delivers a text message to a mainland mobile number.
type Sender interface {
	Send(ctx context.Context, phone, text string) error
}

// LogSender writes messages to the log instead of sending them: for development and
// demos, never for production.
type LogSender struct {
	Logger *slog.Logger
}

// Send logs the message with the phone number masked.
func (s LogSender) Send(ctx context.Context, phone, text string) error {
	s.Logger.InfoContext(ctx, "sms (development sender: not sent)", "to", secret.MaskPhone(phone), "text", text)
	return nil
}

// Recorder keeps every message, for tests. It is safe for concurrent use.
type Recorder struct {
	mu   sync.Mutex
	sent []Message
}

// Message is one recorded text.
type Message struct{ Phone, Text string }

// Send records the message.
func (r *Recorder) Send(_ context.Context, phone, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, Message{phone, text})
	return nil
}

// Sent returns the messages sent so far.
func (r *Recorder) Sent() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.sent...)
}
