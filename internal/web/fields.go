package web

// The fields each form shows, in page order, with their label keys: the summary above a
// failed form names and links to the fields with problems (see formFields). Keep each
// list in step with its template.
var (
	loginFields    = formFields{"login", "field.login", "password", "field.password"}
	signupFields   = formFields{"phone", "field.mobile", "code", "field.sms_code", "display_name", "field.display_name", "password", "field.new_password", "password2", "field.password2"}
	passwordFields = formFields{"current", "field.current_password", "password", "field.new_password", "password2", "field.password2"}
	tokenFields    = formFields{"user", "token.field.user", "name", "token.field.name", "days", "token.field.days"}

	nodeRootFields   = formFields{"level", "field.level", "code", "field.code", "name", "field.name"}
	nodeChildFields  = formFields{"code", "field.code", "name", "field.name"}
	nodeRenameFields = formFields{"name", "field.name", "code", "tree.field.local_code"}
	nodeMoveFields   = formFields{"parent_id", "tree.field.new_parent"}
	unitFields       = formFields{"node_id", "field.serves", "kind", "unit.field.kind", "name", "field.name", "phone", "field.phone", "duties", "field.duties"}

	userFilterFields   = formFields{"q", "user.filter.q", "role", "user.field.role", "node", "user.filter.node", "unit", "user.field.unit", "status", "user.field.status"}
	userBindingFields  = formFields{"role", "user.field.role", "node_id", "user.field.node", "unit_id", "user.field.unit"}
	userNewFields      = append(userBindingFields[:len(userBindingFields):len(userBindingFields)], "username", "user.field.username", "display_name", "user.field.display_name", "phone", "user.field.phone", "password", "user.field.password")
	userEditFields     = append(userBindingFields[:len(userBindingFields):len(userBindingFields)], "username", "user.field.username", "display_name", "user.field.display_name", "phone", "user.field.new_phone")
	userSelfEditFields = formFields{"username", "user.field.username", "display_name", "user.field.display_name", "phone", "user.field.new_phone"}
	userUnmaskFields   = formFields{"purpose", "user.field.purpose"}
	userPasswordFields = formFields{"password", "user.field.new_password"}

	auditFilterFields = formFields{"actor", "audit.field.actor", "action", "audit.field.action", "entity", "audit.field.entity", "entity_id", "audit.field.entity_id", "from", "audit.field.from", "to", "audit.field.to"}
)
