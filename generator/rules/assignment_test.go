package rules

import "testing"

func TestAssignment(t *testing.T) {
	src := []byte("[[cases]]\nname = \"low\"\n  name='high' # x\nnamed = \"low\"\nname = \"lower\"\n")
	for _, tt := range []struct {
		key, needle string
		want        int
	}{
		{"name", "low", 18},
		{"name", "high", 31},
		{"name", "lower", 63},
		{"name", "lo", -1},
		{"named", "low", 50},
		{"id", "low", -1},
	} {
		if got := Assignment(src, tt.key, tt.needle); got != tt.want {
			t.Errorf("Assignment(%q, %q) = %d, want %d", tt.key, tt.needle, got, tt.want)
		}
	}
}
