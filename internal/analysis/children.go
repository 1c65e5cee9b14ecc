package analysis

// Children are a trie node's children, one per stem. A numbered token
// (TermID, from WordID) finds its child by the number: past a wording's
// first word a node has few children, and scanning a few numbers beats
// hashing the token's string. A token without a number, or a child whose
// stem got none, goes by the stem itself.
type Children[N any] struct {
	byStem     map[string]N
	ids        []uint32
	kids       []N
	unnumbered bool // some child's stem has no number
}

// Of returns the child t's stem leads to, or the zero N.
func (c *Children[N]) Of(t *Token) N {
	if id := t.TermID; id != 0 {
		for k, x := range c.ids {
			if x == id {
				return c.kids[k]
			}
		}
		if !c.unnumbered {
			var zero N
			return zero
		}
	}
	return c.byStem[t.Term]
}

// Stem returns the child of stem s, or the zero N.
func (c *Children[N]) Stem(s string) N { return c.byStem[s] }

// Add returns the child of stem s, made by make when there is none yet.
func (c *Children[N]) Add(s string, make func() N) N {
	if n, ok := c.byStem[s]; ok {
		return n
	}
	if c.byStem == nil {
		c.byStem = map[string]N{}
	}
	n := make()
	c.byStem[s] = n
	if id := WordID(s); id != 0 {
		c.ids = append(c.ids, id)
		c.kids = append(c.kids, n)
	} else {
		c.unnumbered = true
	}
	return n
}
