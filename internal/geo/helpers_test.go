package geo

// rect returns the closed counter-clockwise ring of the axis-aligned
// rectangle [x0, x1] × [y0, y1].
func rect(x0, y0, x1, y1 float64) Ring {
	return Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// reversed returns r traversed the other way round.
func reversed(r Ring) Ring {
	out := make(Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}
