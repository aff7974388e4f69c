package pdf

import (
	"runtime"

	"github.com/commonplace-book/commonplace/internal/panics"
)

// Entries (and the list of sources) are typeset on every core: shaping,
// hyphenation and line breaking are pure computations, done by workers
// that each have their own builder and shaper (a shaper is not safe for
// concurrent use; only its cache of shaped words is shared, see
// wordCache). Their items come back in order and are paginated and
// drawn on the calling goroutine, as fpdf is not safe for concurrent use
// either. What a piece turns into depends only on the piece, never on the
// worker or on what it set before, so the book is the same whatever the
// scheduling and whatever GOMAXPROCS.

// warning is a warning recorded by a worker, replayed in order.
type warning struct {
	path string
	line int
	msg  string
}

// setResult is what a worker made of one piece.
type setResult struct {
	items []item
	warns []warning
	// panicked holds what a worker recovered from, re-raised in order on
	// the calling goroutine (whose recover names the entry); path and
	// line are where the worker was.
	panicked any
	path     string
	line     int
	// retired are the blocks the worker filled while setting the piece,
	// recycled once the piece's items are all on pages (see blocks.go).
	retired retired
	// failed is why the piece could not be set (builder.failed).
	failed error
}

// windowPerWorker bounds the pieces set ahead of the one being drawn, per
// worker: enough to keep the workers busy while a page takes long to draw
// (with 8, the workers waited for the drawing 0.25–0.47 s in a book of
// 10,000 entries; 32 gives 3 % less wall time and a few MB more), few
// enough that memory does not grow with the book.
const windowPerWorker = 32

// inOrder calls set for every i in [0, n) on worker builders, in parallel,
// and use with each piece's items in the order of i on the calling
// goroutine. Warnings are replayed through b's shaper, in order, before
// the items they came with; a panic in set is re-raised here; the first
// piece that failed (builder.failed), in order, sets b.failed.
func (b *builder) inOrder(n int, set func(wb *builder, i int), use func(i int, items []item)) {
	if n <= 0 {
		return
	}
	workers := max(min(runtime.GOMAXPROCS(0), n), 1)
	slots := make([]chan setResult, min(windowPerWorker*workers, n))
	for k := range slots {
		slots[k] = make(chan setResult, 1)
	}
	// A piece is handed out only once a token is free, and the token is
	// given back once its result has been used: at most len(slots)
	// pieces are out, so piece i's slot (i % len(slots)) is always empty
	// when the piece is handed out, and no worker ever blocks on it.
	tokens := make(chan struct{}, len(slots))
	// Blocks retired with a piece, waiting for the items of that piece
	// (those before the absolute queue position end) to leave the queue.
	type held struct {
		end int64
		r   retired
	}
	var holding []held
	pool := newBlockPool()
	jobs := make(chan int)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case tokens <- struct{}{}:
			case <-done:
				return
			}
			select {
			case jobs <- i:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		wb := b.worker()
		if recycleBlocks {
			wb.s.pool = pool
		}
		go func() {
			for i := range jobs {
				slots[i%len(slots)] <- wb.run(set, i)
			}
		}()
	}
	for i := range n {
		r := <-slots[i%len(slots)]
		<-tokens
		b.s.flush()
		if b.s.warn != nil {
			for _, w := range r.warns {
				b.s.warn(w.path, w.line, w.msg)
			}
		}
		if r.panicked != nil {
			b.s.path, b.s.line = r.path, r.line
			panic(r.panicked)
		}
		if r.failed != nil && b.failed == nil {
			b.failed = r.failed
		}
		use(i, r.items)
		holding = append(holding, held{b.taken + int64(len(b.items)), r.retired})
		k := 0
		for k < len(holding) && holding[k].end <= b.taken {
			pool.give(holding[k].r)
			k++
		}
		holding = holding[:copy(holding, holding[k:])]
	}
}

// worker returns a builder like b for a worker: its own shaper, which
// records warnings (when b's shaper reports them) instead of reporting
// them.
func (b *builder) worker() *builder {
	wb := *b
	wb.items = nil
	wb.notes = nil
	s := &shaper{reg: b.s.reg, sh: b.s.reg.NewShaper(), shared: b.s.shared, breaks: b.s.breaks}
	if b.s.warn != nil {
		s.warn = func(path string, line int, msg string) {
			s.record = append(s.record, warning{path, line, msg})
		}
	}
	wb.s = s
	return &wb
}

// run sets piece i and returns its items and warnings.
func (wb *builder) run(set func(wb *builder, i int), i int) (r setResult) {
	wb.items, wb.failed = nil, nil
	defer func() {
		if !panics.Recover() {
			return // a fuzz target sees the panic
		}
		if p := recover(); p != nil {
			r = setResult{panicked: p, path: wb.s.path, line: wb.s.line}
		}
		r.warns = wb.s.record
		wb.s.record = nil
	}()
	set(wb, i)
	wb.s.flush()
	r = setResult{items: wb.items, retired: wb.s.retired, failed: wb.failed}
	wb.s.retired = retired{}
	return r
}
