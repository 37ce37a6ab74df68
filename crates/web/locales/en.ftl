# Huixiang staff pages — English. Keys must match zh-CN.ftl.
app.name = Huixiang · Complaint handling

nav.label = Main navigation
nav.workbench = Workbench
nav.register = Register
nav.review = Review
nav.queue = My unit's cases
nav.ledger = Ledger
nav.reminders = Reminders
nav.users = Users
nav.units = Units
nav.calendar = Calendar
nav.logout = Sign out
nav.count.todo = Cases to do
nav.count.overdue = Overdue cases

login.title = Sign in
login.username = Username
login.password = Password
login.submit = Sign in

error.not_found.title = Not found
error.forbidden.title = Not allowed
error.refused.title = Cannot be done
error.internal.title = System error
error.internal.message = Internal error; please try again later, and tell the administrator if it persists.
error.back = Back to the workbench

form.choose = Choose…
form.all = All
form.save = Save
form.submit = Submit
form.confirm = Submit this?

list.total = { $n } in all

workbench.title = Workbench
workbench.register = Register a complaint
workbench.todo = My to-do
workbench.awaiting_review = Awaiting my review
workbench.due_soon = Due within { $n } working days
workbench.overdue = Overdue
workbench.nothing = Nothing here.

case.number = Number
case.title = Title
case.channel = Channel
case.category = Category
case.registered_at = Registered
case.lead_unit = Lead unit
case.state = State
case.due_on = Due
case.days_left = { $n } working days left
case.days_over = { $n } working days overdue
case.overdue = Overdue
case.complainant = Complainant
case.phone = Phone
case.holder = Handler
case.calendar_missing = A year this deadline spans has no official holiday arrangement yet; weekends only are counted.
case.report_back_overdue = The report back is overdue: no result or explanation yet.
case.done = Done: { $action }.
case.leader = Reviewing leader
case.deadline_rule = Time limit
case.dispatched_on = Dispatched on
case.report_back_due = Report back due
case.extensions = Extension requests
case.requested_by = Requested by
case.extension_state = Decision
case.explanations = Interim explanations
case.submitted_at = Submitted
case.archive_number = Dossier number
case.actions = Actions
case.no_actions = There is nothing you can do on this case now.
case.section.registration = Registration
case.section.review = Leader's review
case.section.dispatch = Dispatch
case.section.progress = Progress
case.section.result = Closure materials
case.section.closure_review = Closure review
case.section.archive = Archive
case.section.reminders = Reminders
case.section.timeline = History

extension.pending = pending
extension.approved = approved
extension.refused = refused
extension.approve = Approve the extension
extension.refuse = Refuse the extension
extension.note = Note (required when refusing)

closure.intro = Judge the closure materials point by point: all six must pass to close; any failure returns the case, with your reasons.
closure.pass = Passes
closure.fail = Fails
closure.comment = Comment (required when it fails)
closure.submit = Submit the review

review.title = To review
review.intro = Newly registered complaints, for a center leader to review, give an initial opinion and dispatch.
review.empty = No complaints are waiting for review.
review.report_back = A report back is owed (R11)
review.time_limit_count = Leader's own time limit (number)
review.time_limit_unit = Unit of time
review.preview = Preview the due date
review.confirm = Confirm the review and dispatch
review.due_preview = The case will be due on

queue.title = My unit's cases
queue.intro = Cases dispatched to your unit: acknowledge, record progress, ask for more time, submit the result.
queue.empty = Your unit has no cases in hand.

register.title = Register a complaint
register.intro = Fill in the handling form: concise, accurate and clear (R3). Fields marked * are required.
register.section.channel = Source
register.section.complainant = Complainant
register.section.content = The complaint
register.channel = Channel
register.category = Category
register.hint.in_person = In person: give a phone number or a home address.
register.hint.phone = By phone: the caller's number is required.
register.hint.online = Online: give a phone number or a home address.
register.hint.letter = By letter: the sender's address is required for the written answer.
register.submit = Register
register.saved = Registered as number { $number }.

ledger.title = Ledger
ledger.filter = Filter
ledger.clear = Clear filters
ledger.overdue_only = Overdue only
ledger.export_xlsx = Export to Excel
ledger.export_csv = Export to CSV
ledger.empty = No complaints match.
ledger.pages = Pages
ledger.prev = Previous
ledger.next = Next
ledger.page_of = Page { $n }
ledger.sheet = Ledger

reminders.title = Reminders
reminders.intro = Reminder slips written before due dates and by hand, and the cases overdue (R10, R30).
reminders.due_hint = These cases fall due soon: the system writes their reminder slips before the due date; the window and the center office can also chase by hand on the case page.
reminders.overdue = Overdue cases
reminders.no_overdue = No case is overdue.
reminders.slips = Recent reminder slips
reminders.no_slips = No reminder slips yet.
reminder.seq = Reminder no.
reminder.kind = How
reminder.auto = automatic
reminder.manual = by hand
reminder.created_at = Sent

print.print = Print
print.back = Back
print.handling_form = Handling form
print.dossier = Case dossier
print.reminder_slip = Reminder slip
print.part.form = 1. Handling form
print.registered_by = Registered by
print.leader_opinion = Leader's opinion
print.handling_result = Result
print.reviewer = Reviewer
print.printed_at = Printed

slip.seq = Reminder no. { $n }
slip.body = Complaint { $number } is due soon or overdue. Please conclude it promptly and report progress to the center office.
slip.progress = Progress so far
slip.reply = Reply of the handling unit

admin.saved = Saved.
admin.active = Active
admin.users.title = Users
admin.users.add = Add a user
admin.users.edit = Change
admin.users.editing = Change user { $name }
admin.users.new_password = New password (leave empty to keep it; a change signs the user out)
admin.users.cancel = Cancel
admin.units.title = Units
admin.units.save = Add or change a unit
admin.units.hint = Choose an existing unit to change it (name, kind, parent, principal leader); choose none to add one.
admin.units.which = Unit to change
admin.units.new = (new unit)
admin.units.no_parent = (no parent)
admin.calendar.title = Working-day calendar
admin.calendar.show = Show
admin.calendar.missing = This year has no official holiday arrangement yet; Monday to Friday are counted as working days.
admin.calendar.off = Days off
admin.calendar.work = Weekend working days (调休)
admin.calendar.edit = Change this year's arrangement
admin.calendar.hint = As in the State Council notice: off lists holidays, work lists weekend days worked. Same format as huixiang calendar import.

# R7, R17: accusations
case.section.accusation = Accusation (R7)
accusation.notice = This is accusation material: never disclosed to the accused person, and not passed to the accused unit or a unit under it without the organization's approval. Every read is recorded.
accusation.center_staff = The accused is the center's own staff (R17: reviewed by the center director)
accusation.default_target = Goes by default to
accusation.approval = Organization's approval
accusation.no_approval = Not approved: may not go to the accused unit or a unit under it.
accusation.reads = Reads of this case
accusation.read_by = Read by
accusation.read_view = View
accusation.read_at = When
accusation.target_hint = Accusation material; by default it goes to { $target }.
accusation.approval_hint = With the organization's approval the accused unit (or a unit under it) may handle it; the accused person never sees it.
register.section.accusation = Accusation (if any)
register.accusation_hint = Fill in when the complaint reports, exposes or accuses a person or unit; the system keeps the material from the accused and, without approval, from the accused unit.
form.none = (none)

# R32: recusal
nav.conflicts = Conflicts
conflicts.title = Conflicts of interest (R32)
conflicts.intro = Declare the people and units you have an interest in (relatives' names, phones, addresses, units). Cases concerning them are kept from you; to step aside from one case, use its page.
conflicts.none = Nothing declared yet.
conflicts.declared_at = Declared
conflicts.withdraw = Withdraw
conflicts.declare = Declare
conflicts.recuse = Step aside
conflicts.recuse_hint = Step aside when you have an interest in this case: you will no longer see or handle it, and the recusal is on record.
conflicts.recuse_confirm = Step aside from this case? This cannot be undone.
