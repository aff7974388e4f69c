package pdf

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestRecycledBlocks checks that recycling the blocks lines are cut from
// changes nothing drawn — a block handed back before its lines were drawn
// would put other words on the page — and that it saves most of what
// lines allocate.
func TestRecycledBlocks(t *testing.T) {
	c := generated(t, 1000)
	render := func(recycle bool) ([]byte, uint64) {
		defer func(old bool) { recycleBlocks = old }(recycleBlocks)
		recycleBlocks = recycle
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var buf bytes.Buffer
		if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5"}}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return buf.Bytes(), after.TotalAlloc - before.TotalAlloc
	}
	plain, plainAlloc := render(false)
	recycled, recycledAlloc := render(true)
	if !bytes.Equal(plain, recycled) {
		t.Fatalf("the PDF with recycled blocks (%d bytes) differs from the PDF without (%d bytes)", len(recycled), len(plain))
	}
	t.Logf("allocated %d MB without recycling, %d MB with", plainAlloc>>20, recycledAlloc>>20)
	if recycledAlloc > plainAlloc*3/4 {
		t.Errorf("recycling allocated %d MB, not much less than %d MB without", recycledAlloc>>20, plainAlloc>>20)
	}
}
