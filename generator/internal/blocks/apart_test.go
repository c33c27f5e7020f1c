package blocks

import (
	"testing"

	"derma/generator/internal/site"
)

// TestApart: the advice for two ingredients that avoid each other fits
// the times of day they belong to.
func TestApart(t *testing.T) {
	entry := func(name string, time ...string) *site.Entry { return &site.Entry{Name: name, Time: time} }
	tests := []struct {
		a, b *site.Entry
		want string
	}{
		{entry("Retinol", "pm"), entry("Vitamin C", "am"), "use vitamin C in the morning and retinol in the evening"},
		{entry("Benzoyl Peroxide", "am"), entry("Vitamin C", "am"), "use them on alternate mornings"},
		{entry("Retinol", "pm"), entry("Glycolic Acid", "pm"), "use them on alternate nights"},
		{entry("Peptides"), entry("Niacinamide", "am", "pm"), "use one in the morning and the other in the evening, or use them on alternate days"},
		{entry("Retinol", "pm"), entry("Peptides"), "use peptides in the morning and retinol in the evening"},
	}
	for _, tt := range tests {
		if got := apart(tt.a, tt.b); got != tt.want {
			t.Errorf("apart(%s, %s) = %q, want %q", tt.a.Name, tt.b.Name, got, tt.want)
		}
	}
}
