package rules

import "slices"

// Fields of a decision entry that a role's options can require.
const (
	FieldMotivation = "motivation"
	FieldConditions = "conditions"
)

// Decisions is what each role of the route records in a file's decision
// record ("Beslut om molnlagring"): data "decisions", from the format that
// has a decision record (nil before).
type Decisions struct {
	Cite     string
	FollowUp bool              // the organisation asks for a follow-up date
	Labels   map[string]string // date, followUp, option, answers, fingerprint
	Roles    []*DecisionRole   // in data order: the order of the forms
}

// DecisionRole is what one role of the route records. Role is the id of
// its route entry. Motivation and Conditions are the labels of those free
// texts ("" : the role does not record it). A role records only after every
// role in After, and, if When is set, only when the latest entry of When's
// role has When's option; otherwise only when the route computed for the
// case holds the role.
type DecisionRole struct {
	Role, Title            string
	Motivation, Conditions string
	After                  []string
	When                   *RoleCondition
	Options                []DecisionOption
}

// RoleCondition is "the latest entry of Role has the option Option".
type RoleCondition struct{ Role, Option string }

// DecisionOption is one thing a role can record, and the free texts it
// needs (FieldMotivation, FieldConditions).
type DecisionOption struct {
	ID, Label string
	Needs     []string
}

// DecisionRole returns what the role with route id role records, or nil.
func (d *Decisions) DecisionRole(role string) *DecisionRole {
	if d == nil {
		return nil
	}
	for _, x := range d.Roles {
		if x.Role == role {
			return x
		}
	}
	return nil
}

// Option returns the role's option with the given id, or nil.
func (x *DecisionRole) Option(id string) *DecisionOption {
	for i := range x.Options {
		if x.Options[i].ID == id {
			return &x.Options[i]
		}
	}
	return nil
}

// NeedsField reports whether the option requires the free text field.
func (o *DecisionOption) NeedsField(field string) bool { return slices.Contains(o.Needs, field) }

// ReadsFormat reports whether files of format version v (a JSON number
// literal) are files of these rules: the current format, or an earlier one
// that "readsFormats" lists (the same questions, without a decision record).
func (r *Rules) ReadsFormat(v string) bool {
	return v == r.FormatVersion || slices.Contains(r.OlderFormats, v)
}
