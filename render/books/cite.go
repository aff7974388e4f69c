package books

import "github.com/commonplace-book/commonplace/model"

// Citation is how a book cites one entry: the citation printed after its
// last quote and the page reference printed after each quote whose page
// that citation does not give.
type Citation struct {
	// Runs is the citation after the entry's last quote. It gives the
	// quotes' page when they all have the same one (model.CiteQuote);
	// otherwise it is the entry's citation and each quote with a page
	// has its Locator.
	Runs []model.Run
	// Locators holds, for each quote of the entry (by index in
	// Entry.Quotes), the page reference printed at its end ("(12)",
	// "(p. 12)" in APA; model.QuoteLocator), or "".
	Locators []string
}

// Cite returns how a book in style cites e. A quote's page comes from
// its Location ("— page 12" under an imported highlight). When every
// quote has the same page and the style's citation of a quote gives it
// (model.CiteQuote), that citation follows the last quote; otherwise the
// entry's citation does, and each quote with a page ends with it.
func Cite(e *model.Entry, style string) (Citation, error) {
	runs, err := model.Cite(e, style)
	if err != nil {
		return Citation{}, err
	}
	page, same := "", len(e.Quotes) > 0
	for i, q := range e.Quotes {
		p := model.QuotePage(q)
		if i == 0 {
			page = p
		}
		same = same && p == page
	}
	if same && page != "" {
		one, err := model.CiteQuote(e, e.Quotes[0], style)
		if err != nil {
			return Citation{}, err
		}
		if model.Plain(one) != model.Plain(runs) {
			return Citation{Runs: one}, nil
		}
	}
	c := Citation{Runs: runs}
	for i, q := range e.Quotes {
		if l := model.QuoteLocator(q, style); l != "" {
			if c.Locators == nil {
				c.Locators = make([]string, len(e.Quotes))
			}
			c.Locators[i] = l
		}
	}
	return c, nil
}

// QuoteBlocks returns the blocks of quote i of e as a book prints them:
// with the quote's page reference, if any, at the end of its last block,
// after a no-break space so it never stands alone on a line. e is not
// changed.
func (c Citation) QuoteBlocks(e *model.Entry, i int) []model.Block {
	blocks := e.Quotes[i].Blocks
	if i >= len(c.Locators) || c.Locators[i] == "" || len(blocks) == 0 {
		return blocks
	}
	out := append([]model.Block(nil), blocks...)
	last := &out[len(out)-1]
	last.Runs = append(append([]model.Run(nil), last.Runs...), model.Run{Text: "\u00a0" + c.Locators[i]})
	return out
}
