package terms

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	if got := Words("IT-centerchefen, Beslutsunderlaget!"); !slices.Equal(got, []string{"it", "centerchefen", "beslutsunderlaget"}) {
		t.Errorf("Words: %q", got)
	}
}

// TestHas: inflections and compounds of the guideline's words are its
// words; a word that only shares a beginning with one is not (the
// control: "fördjupad" is not "fördjupning", "bedömas" not "bedömning").
func TestHas(t *testing.T) {
	v := NewVocabulary("Beslutsunderlaget ska innehålla en riskbedömning. En begreppsförklaring och fördjupning.")
	for _, w := range []string{"riskbedömningen", "riskbedömning", "underlaget", "beslutsunderlag", "innehåller"} {
		if !v.Has(w) {
			t.Errorf("%q is not found", w)
		}
	}
	for _, w := range []string{"fördjupad", "bedömas", "närmare", "sämre"} {
		if v.Has(w) {
			t.Errorf("%q is found, but the text does not hold it", w)
		}
	}
}

func TestUnknown(t *testing.T) {
	v := NewVocabulary("Molntjänst passar bäst under följande förhållanden")
	got := Unknown("En molntjänst passar sämre och kräver en fördjupad bedömning, sämre.", v, map[string]bool{"kräver": true})
	if want := []string{"sämre", "fördjupad", "bedömning"}; !slices.Equal(got, want) {
		t.Errorf("Unknown: %q, want %q", got, want)
	}
}
