package spatial

import "sync/atomic"

// Holder publishes the current Index to concurrent readers. Writers build a
// complete new index and Store it; readers Load it once per request and use
// that snapshot throughout, so a request never sees half of an old and half
// of a new geometry. The zero value holds no index, and Load then returns
// nil, which behaves as an empty index.
type Holder struct {
	p atomic.Pointer[Index]
}

// Load returns the index most recently stored, or nil if none was.
func (h *Holder) Load() *Index { return h.p.Load() }

// Store publishes ix; readers that already loaded the previous index keep
// using it until they finish.
func (h *Holder) Store(ix *Index) { h.p.Store(ix) }
