# Huixiang staff pages — Simplified Chinese (the default). Keys must match en.ftl.
app.name = 回响 · 投诉办理系统

nav.label = 主导航
nav.workbench = 工作台
nav.register = 登记
nav.review = 阅处
nav.queue = 本单位办理
nav.ledger = 台账
nav.reminders = 催办
nav.users = 用户
nav.units = 单位
nav.calendar = 工作日历
nav.logout = 退出
nav.count.todo = 待办件数
nav.count.overdue = 超期件数

login.title = 登录
login.username = 用户名
login.password = 密码
login.submit = 登录

error.not_found.title = 未找到
error.forbidden.title = 无权操作
error.refused.title = 无法办理
error.internal.title = 系统错误
error.internal.message = 系统内部错误，请稍后重试；如仍有问题请联系系统管理员。
error.back = 返回工作台

form.choose = 请选择
form.all = 全部
form.save = 保存
form.submit = 提交
form.confirm = 确定要提交吗？

list.total = 共 { $n } 件

workbench.title = 工作台
workbench.register = 登记新投诉
workbench.todo = 我的待办
workbench.awaiting_review = 待我审核
workbench.due_soon = { $n } 个工作日内到期
workbench.overdue = 已超期
workbench.nothing = 暂无。

case.number = 编号
case.title = 标题
case.channel = 渠道
case.category = 类别
case.registered_at = 登记时间
case.lead_unit = 主办单位
case.state = 状态
case.due_on = 办结期限
case.days_left = 剩余 { $n } 个工作日
case.days_over = 超期 { $n } 个工作日
case.overdue = 超期
case.complainant = 投诉人
case.phone = 联系电话
case.holder = 承办人
case.calendar_missing = 该期限所跨年度尚无官方节假日安排，暂按双休日计算。
case.report_back_overdue = 回告已逾期，尚未报送结果或情况说明。
case.done = 已完成：{ $action }。
case.leader = 阅处领导
case.deadline_rule = 办理时限
case.dispatched_on = 分办日期
case.report_back_due = 回告期限
case.extensions = 延期申请
case.requested_by = 申请人
case.extension_state = 审批结果
case.explanations = 情况说明
case.submitted_at = 报送
case.archive_number = 卷宗号
case.actions = 可办理的操作
case.no_actions = 您目前对此件没有可办理的操作。
case.section.registration = 登记信息
case.section.review = 领导阅处
case.section.dispatch = 分办情况
case.section.progress = 办理情况
case.section.result = 结案材料
case.section.closure_review = 结案审查
case.section.archive = 归档
case.section.reminders = 催办记录
case.section.timeline = 办理过程

extension.pending = 待审批
extension.approved = 已同意
extension.refused = 不同意
extension.approve = 同意延期
extension.refuse = 不同意延期
extension.note = 审批意见（不同意时必填）

closure.intro = 逐项审查结案材料：全部符合方可结案；任何一项不符合即退回重办，并须写明理由。
closure.pass = 符合
closure.fail = 不符合
closure.comment = 审查意见（不符合时必填）
closure.submit = 提交审查结论

review.title = 待阅处
review.intro = 新登记的投诉，由中心领导阅处，提出初步处理意见并分办。
review.empty = 没有待阅处的投诉。
review.report_back = 需要回告（R11）
review.time_limit_count = 领导指定时限（数值）
review.time_limit_unit = 时限单位
review.preview = 预览办结期限
review.confirm = 确认阅处并分办
review.due_preview = 办结期限将为

queue.title = 本单位办理
queue.intro = 分办到本单位的投诉：签收、记录办理情况、申请延期、报送结案材料。
queue.empty = 本单位目前没有在办的投诉。

register.title = 投诉登记
register.intro = 填写投诉处理单：简明、准确、清楚（R3）。带 * 的为必填项。
register.section.channel = 来源
register.section.complainant = 投诉人
register.section.content = 投诉内容
register.channel = 投诉渠道
register.category = 投诉类别
register.hint.in_person = 当面投诉：联系电话或家庭住址至少填写一项。
register.hint.phone = 电话投诉：必须记录来电号码。
register.hint.online = 网上投诉：联系电话或家庭住址至少填写一项。
register.hint.letter = 来信：必须填写来信地址，以便书面答复。
register.submit = 登记
register.saved = 登记成功，投诉编号 { $number }。

ledger.title = 投诉台账
ledger.filter = 筛选
ledger.clear = 清除筛选
ledger.overdue_only = 仅看超期
ledger.export_xlsx = 导出 Excel
ledger.export_csv = 导出 CSV
ledger.empty = 没有符合条件的投诉。
ledger.pages = 分页
ledger.prev = 上一页
ledger.next = 下一页
ledger.page_of = 第 { $n } 页
ledger.sheet = 投诉台账

reminders.title = 催办
reminders.intro = 到期前自动生成的催办单和手工催办记录，以及已超期的投诉（R10、R30）。
reminders.due_hint = 这些投诉即将到期：系统在到期前自动生成催办单；窗口和中心办公室也可在投诉页面手工催办。
reminders.overdue = 超期投诉
reminders.no_overdue = 没有超期的投诉。
reminders.slips = 近期催办单
reminders.no_slips = 暂无催办单。
reminder.seq = 催办次数
reminder.kind = 方式
reminder.auto = 系统自动
reminder.manual = 手工催办
reminder.created_at = 催办时间

print.print = 打印
print.back = 返回
print.handling_form = 投诉处理单
print.dossier = 投诉卷宗
print.reminder_slip = 催办单
print.part.form = 一、投诉处理单
print.registered_by = 受理人
print.leader_opinion = 领导阅处意见
print.handling_result = 处理结果
print.reviewer = 审查人
print.printed_at = 打印时间

slip.seq = 第 { $n } 次催办
slip.body = 编号为 { $number } 的投诉即将到期或已超期，请抓紧办理，并将办理情况及时报中心办公室。
slip.progress = 目前办理情况
slip.reply = 承办单位回复

admin.saved = 已保存。
admin.active = 启用
admin.users.title = 用户管理
admin.users.add = 新增用户
admin.users.edit = 修改
admin.users.editing = 修改用户 { $name }
admin.users.new_password = 新密码（不修改请留空；修改后该用户需重新登录）
admin.users.cancel = 取消
admin.units.title = 单位管理
admin.units.save = 新增或修改单位
admin.units.hint = 选择已有单位即修改该单位（名称、类型、上级单位、主要负责人）；不选则新增。
admin.units.which = 要修改的单位
admin.units.new = （新增单位）
admin.units.no_parent = （无上级）
admin.calendar.title = 工作日历
admin.calendar.show = 查看
admin.calendar.missing = 该年度尚无官方节假日安排，暂按周一至周五为工作日计算。
admin.calendar.off = 放假（休）
admin.calendar.work = 调休上班（班）
admin.calendar.edit = 修改本年度安排
admin.calendar.hint = 按国务院办公厅通知填写：off 为放假日，work 为调休上班的周末。格式与 huixiang calendar import 相同。

# R7, R17: accusations
case.section.accusation = 检举控告（R7）
accusation.notice = 本件为检举、揭发、控告材料：不得透露给被检举人；未经组织批准，不得转交被检举单位及其下属单位。每次查阅均有记录。
accusation.center_staff = 被检举人是本中心工作人员（R17，由中心主任阅处）
accusation.default_target = 默认转交
accusation.approval = 组织批准
accusation.no_approval = 尚未批准：不得转交被检举单位及其下属单位。
accusation.reads = 查阅记录
accusation.read_by = 查阅人
accusation.read_view = 查阅内容
accusation.read_at = 查阅时间
accusation.target_hint = 检举控告材料，默认转交：{ $target }。
accusation.approval_hint = 经组织批准后，方可交由被检举单位（或其下属单位）办理；被检举人本人始终不得查阅。
register.section.accusation = 检举控告（如有）
register.accusation_hint = 投诉检举、揭发、控告某人或某单位时填写；系统将阻止把材料交给被检举人及未经批准的被检举单位。
form.none = （无）

# R32: recusal
nav.conflicts = 回避申报
conflicts.title = 回避申报（R32）
conflicts.intro = 申报与您有利害关系的人和单位（亲属姓名、电话、住址、单位）。与之相关的投诉，您将看不到也不能办理；对具体投诉可在投诉页面申请回避。
conflicts.none = 您尚未申报。
conflicts.declared_at = 申报时间
conflicts.withdraw = 撤回
conflicts.declare = 申报
conflicts.recuse = 申请回避
conflicts.recuse_hint = 与本件有利害关系时申请回避：此后您将不能查阅或办理此件，申请留有记录。
conflicts.recuse_confirm = 确定申请回避本件吗？回避后不能撤回。
