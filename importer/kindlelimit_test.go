package importer

import "testing"

// TestKindleClipNotice: the clipping-limit notice is skipped in any
// language; highlights that only look like it are kept.
func TestKindleClipNotice(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		// The notice as English firmware writes it.
		{"<You have reached the clipping limit for this item>", true},
		{" <You have reached the clipping limit for this item>\r", true},
		// The wordings other parsers match in localised files.
		{"Has alcanzado el límite de recortes", true},
		{"<Has alcanzado el límite de recortes para este artículo>", true},
		{"Você atingiu o limite de recortes", true},
		{"Sie haben das Markierungslimit erreicht", true},
		{"<Vous avez atteint la limite de coupures pour cet article>", true},
		{"您已达到本书的剪贴限制", true},
		{"このアイテムのクリップ上限に達しました", true},
		// The notice's shape in any language: one line in angle brackets
		// that speaks of a limit.
		{"<Sie haben die Höchstgrenze für Markierungen in diesem Artikel erreicht>", true},
		{"<Hai raggiunto il limite di ritaglio per questo elemento>", true},
		{"<U hebt de knipsellimiet voor dit item bereikt>", true},
		{"<Вы достигли лимита вырезок для этого элемента>", true},
		{"<您已达到此项目的剪辑限制>", true},
		{"<이 항목의 클리핑 한도에 도달했습니다>", true},
		// Highlights, kept.
		{"Vous avez atteint la limite de vos forces, dit-il.", false},
		{"The clipping limit is set by each publisher, and readers rarely know it.", false},
		{"<div class=\"limit\">", false},
		{"<html>", false},
		{"<The limits of my language mean the limits of my world>\nand more on a second line", false},
		{"He said <sic> there was no limit.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := kindleClipNotice(tt.text); got != tt.want {
			t.Errorf("kindleClipNotice(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
