package lean

// Order returns the indexes of keys in increasing byte order of the keys,
// equal keys in the order of their indexes (twin: slices.SortStableFunc on
// the indexes). It is a bottom-up merge sort, O(n log n) time with no
// recursion, written for strings alone: the generic sorts of package
// slices and package sort cost the module more.
func Order(keys []string) []int {
	n := len(keys)
	order, next := make([]int, n), make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Merge the sorted runs of width w two by two into runs of 2w.
	for w := 1; w < n; w *= 2 {
		for lo := 0; lo < n; lo += 2 * w {
			mid, hi := min(lo+w, n), min(lo+2*w, n)
			i, j := lo, mid
			for k := lo; k < hi; k++ {
				if i < mid && (j == hi || keys[order[i]] <= keys[order[j]]) {
					next[k] = order[i]
					i++
				} else {
					next[k] = order[j]
					j++
				}
			}
		}
		order, next = next, order
	}
	return order
}
