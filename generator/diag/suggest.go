package diag

// Closest returns the known name nearest to name, within three edits, for
// a "did you mean …?" hint; ok is false when none is that near.
func Closest(name string, known []string) (best string, ok bool) {
	dist := 4
	for _, k := range known {
		if d := editDistance(name, k); d < dist {
			best, dist = k, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between two strings, by bytes:
// names here are ASCII identifiers.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
