package binenc

// Left returns how many bytes are left to read.
func (r *Reader) Left() int { return len(r.b) - r.i }
