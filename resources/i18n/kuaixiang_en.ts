<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于政策快享</source>
        <translation>About Kuaixiang</translation>
    </message>
    <message>
        <source>政策快享 · 窗口服务客户端</source>
        <translation>Kuaixiang · Counter Service Client</translation>
    </message>
    <message>
        <source>运行环境与数据</source>
        <translation>Environment and data</translation>
    </message>
    <message>
        <source>本软件为聊城市政策快享平台的窗口服务客户端，版权所有，仅供经授权的政务服务大厅和便民服务中心使用，不得复制或转让。软件中使用的开源组件（Qt / PySide6 按 LGPL v3，SQLAlchemy、Alembic、httpx 按 MIT，reportlab 按 BSD 等）各按其许可证提供。</source>
        <translation>This software is the counter service client of Liaocheng&apos;s Kuaixiang policy platform. All rights reserved; for use only by authorised government service halls and community service centres; it may not be copied or transferred. The open-source components it uses (Qt / PySide6 under LGPL v3; SQLAlchemy, Alembic, httpx under MIT; reportlab under BSD; and others) are provided under their own licences.</translation>
    </message>
    <message>
        <source>版本信息已复制，可以粘贴给技术支持人员。</source>
        <translation>Version information copied: paste it for technical support.</translation>
    </message>
    <message>
        <source>把版本和运行环境复制到剪贴板，打电话或发消息给技术支持时用（Alt+C）</source>
        <translation>Copy the version and environment to the clipboard, for calls or messages to technical support (Alt+C)</translation>
    </message>
    <message>
        <source>复制版本信息(&amp;C)</source>
        <translation>&amp;Copy version information</translation>
    </message>
    <message>
        <source>关闭（Esc）</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>版本 {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>操作系统：</source>
        <translation>Operating system:</translation>
    </message>
    <message>
        <source>数据库文件：</source>
        <translation>Database file:</translation>
    </message>
    <message>
        <source>数据库结构版本：</source>
        <translation>Database schema revision:</translation>
    </message>
    <message>
        <source>政策目录：</source>
        <translation>Policy catalogue:</translation>
    </message>
    <message>
        <source>本地企业库：</source>
        <translation>Local enterprise database:</translation>
    </message>
    <message>
        <source>中心服务器：</source>
        <translation>Central server:</translation>
    </message>
    <message>
        <source>上次同步：</source>
        <translation>Last sync:</translation>
    </message>
    <message>
        <source>没有打开数据库</source>
        <translation>No database open</translation>
    </message>
    <message>
        <source>{path}（{size}）</source>
        <translation>{path} ({size})</translation>
    </message>
    <message>
        <source>{revision}（最新）</source>
        <translation>{revision} (latest)</translation>
    </message>
    <message>
        <source>{revision}（本程序最新为 {head}）</source>
        <translation>{revision} (this program&apos;s latest is {head})</translation>
    </message>
    <message>
        <source>有效事项 {in_force} 项（共 {items} 项），政策文件 {documents} 份</source>
        <translation>{in_force} items in force ({items} in all), {documents} policy documents</translation>
    </message>
    <message>
        <source>{count} 家企业</source>
        <translation>{count} enterprises</translation>
    </message>
    <message>
        <source>未登录中心服务器</source>
        <translation>Not logged in to a central server</translation>
    </message>
    <message>
        <source>{time}（上次下载更新）</source>
        <translation>{time} (last download of updates)</translation>
    </message>
    <message>
        <source>本机尚未同步过</source>
        <translation>This computer has never synced</translation>
    </message>
    <message>
        <source>读取失败：{error}</source>
        <translation>Could not read: {error}</translation>
    </message>
</context>
<context>
    <name>AgentPage</name>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
</context>
<context>
    <name>AgentValidation</name>
    <message>
        <source>请输入经办人姓名</source>
        <translation>Enter the agent&apos;s name</translation>
    </message>
    <message>
        <source>姓名中不应有数字：身份证号码请填在下一栏</source>
        <translation>A name has no digits: the ID number goes in the next field</translation>
    </message>
    <message>
        <source>经办人姓名应为 2–30 个字，实际为 {count} 个字</source>
        <translation>The agent&apos;s name must be 2–30 characters; it is {count}</translation>
    </message>
    <message>
        <source>请输入经办人的18位居民身份证号码</source>
        <translation>Enter the agent&apos;s 18-digit resident ID number</translation>
    </message>
    <message>
        <source>第{position}位「{char}」不是数字（身份证号前17位应为数字）</source>
        <translation>Character {position} &quot;{char}&quot; is not a digit (the first 17 characters of an ID number are digits)</translation>
    </message>
    <message>
        <source>身份证号码应为18位，已输入{count}位</source>
        <translation>An ID number has 18 characters; {count} typed</translation>
    </message>
    <message>
        <source>身份证号码应为18位，实际为{count}位</source>
        <translation>An ID number has 18 characters; this one has {count}</translation>
    </message>
    <message>
        <source>身份证号码无效</source>
        <translation>Invalid ID number</translation>
    </message>
    <message>
        <source>第7–14位出生日期「{raw}」不是有效日期</source>
        <translation>Characters 7–14, the birth date &quot;{raw}&quot;, are not a valid date</translation>
    </message>
    <message>
        <source>第7–14位出生日期「{raw}」晚于今天</source>
        <translation>Characters 7–14, the birth date &quot;{raw}&quot;, are after today</translation>
    </message>
    <message>
        <source>第7–14位出生日期「{raw}」不合理（早于1850年）</source>
        <translation>Characters 7–14, the birth date &quot;{raw}&quot;, are implausible (before 1850)</translation>
    </message>
    <message>
        <source>请输入经办人的11位手机号码</source>
        <translation>Enter the agent&apos;s 11-digit mobile number</translation>
    </message>
    <message>
        <source>手机号码只能是数字，「{char}」不是数字</source>
        <translation>A mobile number is digits only; &quot;{char}&quot; is not a digit</translation>
    </message>
    <message>
        <source>手机号码应以 1 开头，实际以「{digit}」开头</source>
        <translation>A mobile number starts with 1; this one starts with &quot;{digit}&quot;</translation>
    </message>
    <message>
        <source>手机号码第2位应为 3–9，实际为「{digit}」</source>
        <translation>The second digit of a mobile number is 3–9; this one is &quot;{digit}&quot;</translation>
    </message>
    <message>
        <source>手机号码应为11位，已输入{count}位</source>
        <translation>A mobile number has 11 digits; {count} typed</translation>
    </message>
    <message>
        <source>手机号码应为11位，实际为{count}位</source>
        <translation>A mobile number has 11 digits; this one has {count}</translation>
    </message>
    <message>
        <source>已输入{count}位，还差{left}位</source>
        <translation>{count} typed, {left} to go</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <source>{reason}

数据库文件：{path}</source>
        <translation>{reason}

Database file: {path}</translation>
    </message>
    <message>
        <source>正在准备演示数据（{count} 家企业）并启动演示服务器，请稍候；完成后即可查找。</source>
        <translation>Preparing the demo data ({count} enterprises) and starting the demo server; searching is possible when this is done.</translation>
    </message>
    <message>
        <source>演示服务器没有启动（{reason}）：本机数据照常可用，同步不可用。</source>
        <translation>The demo server did not start ({reason}): the data on this computer can be used as usual; sync is not available.</translation>
    </message>
    <message>
        <source>演示服务器 {url} 已启动，演示账号 demo 已登录</source>
        <translation>Demo server {url} started; the demo account is logged in</translation>
    </message>
</context>
<context>
    <name>ApplicationDetail</name>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>原件 {originals} 份，复印件 {copies} 份</source>
        <translation>{originals} original(s), {copies} cop(ies)</translation>
    </message>
    <message>
        <source>须于 {date} 前补齐</source>
        <translation>due by {date}</translation>
    </message>
    <message>
        <source>未收到</source>
        <translation>not received</translation>
    </message>
    <message>
        <source>该事项无需提交材料。</source>
        <translation>This item needs no materials.</translation>
    </message>
    <message>
        <source>原因：</source>
        <translation>Reason: </translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <source>一次性告知单</source>
        <translation>Missing-materials notice</translation>
    </message>
    <message>
        <source>办理进度告知单</source>
        <translation>Progress notice</translation>
    </message>
    <message>
        <source>80 毫米小票</source>
        <translation>80 mm roll</translation>
    </message>
    <message>
        <source>（补打）</source>
        <translation> (reprint)</translation>
    </message>
    <message>
        <source>还没有打印过。</source>
        <translation>Nothing printed yet.</translation>
    </message>
    <message>
        <source>主管部门尚未记录办理进度（同步后更新）。</source>
        <translation>The department has recorded no progress yet (updated by sync).</translation>
    </message>
    <message>
        <source>符合条件</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <source>不符合条件</source>
        <translation>Not eligible</translation>
    </message>
    <message>
        <source>需核实（有数据缺失）</source>
        <translation>To be checked (data missing)</translation>
    </message>
    <message>
        <source>判定日期 {date}；{total} 项条件：满足 {passed}，不满足 {failed}，需核实 {unknown}</source>
        <translation>Assessed on {date}; {total} conditions: {passed} met, {failed} not met, {unknown} to check</translation>
    </message>
    <message>
        <source>实际：{value}</source>
        <translation>actual: {value}</translation>
    </message>
    <message>
        <source>未受理（材料不全的草稿）</source>
        <translation>Not accepted (draft, materials incomplete)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>政策事项</source>
        <translation>Policy item</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Filed at</translation>
    </message>
    <message>
        <source>受理窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>（完整信息，此次查看已记入审计日志）</source>
        <translation>(in full; this viewing is in the audit log)</translation>
    </message>
    <message>
        <source>补贴金额</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>企业评价</source>
        <translation>Enterprise&apos;s rating</translation>
    </message>
    <message>
        <source>尚未评价</source>
        <translation>not rated yet</translation>
    </message>
    <message>
        <source>申请编号</source>
        <translation>Application ID</translation>
    </message>
    <message>
        <source>容缺补齐期限</source>
        <translation>Materials due by</translation>
    </message>
    <message>
        <source>{date}（已补齐）</source>
        <translation>{date} (all handed in)</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>办理进度（审核、公示、拨付）</source>
        <translation>Progress (review, publicity, payout)</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>History</translation>
    </message>
    <message>
        <source>打印记录</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>资格判定（申请时）</source>
        <translation>Eligibility (at filing)</translation>
    </message>
</context>
<context>
    <name>ApplicationStatus</name>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>已报送</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>已审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>已兑现</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <source>受理号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Filed at</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>（未受理）</source>
        <translation>(not accepted)</translation>
    </message>
</context>
<context>
    <name>ApplicationsRoom</name>
    <message>
        <source>状态(&amp;S)</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>只看某一状态的申请（Alt+S）</source>
        <translation>Show applications in one status only (Alt+S)</translation>
    </message>
    <message>
        <source>时间(&amp;T)</source>
        <translation>&amp;Time</translation>
    </message>
    <message>
        <source>按申请时间筛选，以北京时间计（Alt+T）</source>
        <translation>Filter by filing time, Beijing time (Alt+T)</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>企业名称、统一社会信用代码、受理号或事项名称的一部分；多个词用空格隔开（Ctrl+F）</source>
        <translation>Part of the enterprise name, credit code, receipt number or item title; separate several words with spaces (Ctrl+F)</translation>
    </message>
    <message>
        <source>企业名称、信用代码、受理号或事项（Ctrl+F）</source>
        <translation>Enterprise, credit code, receipt no. or item (Ctrl+F)</translation>
    </message>
    <message>
        <source>重新读取申请列表（Ctrl+Shift+R）</source>
        <translation>Read the application list again (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>刷新 (Ctrl+Shift+R)</source>
        <translation>Refresh (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>草稿（本机保存，尚未提交）</source>
        <translation>Drafts (kept on this computer, not filed yet)</translation>
    </message>
    <message>
        <source>未完成的申请草稿</source>
        <translation>Unfinished application drafts</translation>
    </message>
    <message>
        <source>Enter 或双击继续填写，Delete 放弃这份草稿</source>
        <translation>Enter or double-click to continue; Delete discards this draft</translation>
    </message>
    <message>
        <source>申请列表</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>申请详情</source>
        <translation>Application details</translation>
    </message>
    <message>
        <source>撤回原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>例如：企业主动撤回（必填）</source>
        <translation>e.g. withdrawn at the enterprise&apos;s request (required)</translation>
    </message>
    <message>
        <source>确认撤回这份申请（Enter）</source>
        <translation>Withdraw this application (Enter)</translation>
    </message>
    <message>
        <source>确认撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>不撤回（Esc）</source>
        <translation>Do not withdraw (Esc)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>把评价屏转向企业（或显示在第二屏上），由企业本人评价这件办件；窗口人员不能代评</source>
        <translation>Turn the rating screen to the enterprise (or show it on the second screen): the enterprise rates this case itself; the clerk cannot rate for it</translation>
    </message>
    <message>
        <source>请企业评价…</source>
        <translation>Ask the enterprise to rate…</translation>
    </message>
    <message>
        <source>打印办理进度告知单：审核、补正、公示、拨付，以最近一次同步为准</source>
        <translation>Print the progress notice: review, corrections, publicity, payout, as of the last sync</translation>
    </message>
    <message>
        <source>打印办理进度</source>
        <translation>Print progress</translation>
    </message>
    <message>
        <source>按设置的纸张再打印一份受理回执，回执上注明“补打”（Ctrl+P）</source>
        <translation>Print the receipt again on the configured paper, marked “reprint” (Ctrl+P)</translation>
    </message>
    <message>
        <source>补打回执 (Ctrl+P)</source>
        <translation>Reprint receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>在窗口服务中打开这家企业（Ctrl+O）</source>
        <translation>Open this enterprise at the counter (Ctrl+O)</translation>
    </message>
    <message>
        <source>打开企业 (Ctrl+O)</source>
        <translation>Open enterprise (Ctrl+O)</translation>
    </message>
    <message>
        <source>撤回这份申请，须写明原因（Ctrl+D）</source>
        <translation>Withdraw this application; a reason is required (Ctrl+D)</translation>
    </message>
    <message>
        <source>撤回申请… (Ctrl+D)</source>
        <translation>Withdraw… (Ctrl+D)</translation>
    </message>
    <message>
        <source>显示经办人的完整证件号码和手机号码：须再次输入密码并写明原因，记入审计日志（Ctrl+Shift+I）</source>
        <translation>Show the agent&apos;s full ID number and mobile number: needs your password again and a reason, recorded in the audit log (Ctrl+Shift+I)</translation>
    </message>
    <message>
        <source>选中一份申请，在此查看详情</source>
        <translation>Select an application to see its details here</translation>
    </message>
    <message>
        <source>查看经办人完整信息… (Ctrl+Shift+I)</source>
        <translation>Show agent in full… (Ctrl+Shift+I)</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All time</translation>
    </message>
    <message>
        <source>已放弃草稿：{enterprise} · {title}</source>
        <translation>Draft discarded: {enterprise} · {title}</translation>
    </message>
    <message>
        <source>显示最近 {count} 份，请缩小范围</source>
        <translation>Showing the latest {count}; narrow the search</translation>
    </message>
    <message>
        <source>共 {count} 份</source>
        <translation>{count} in total</translation>
    </message>
    <message>
        <source>读取申请列表时出错：{error}</source>
        <translation>Could not read the applications: {error}</translation>
    </message>
    <message>
        <source>本机没有编号为 {id} 的申请</source>
        <translation>No application {id} on this computer</translation>
    </message>
    <message>
        <source>读取申请时出错：{error}</source>
        <translation>Could not read the application: {error}</translation>
    </message>
    <message>
        <source>打印回执 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>已评价：{level}</source>
        <translation>Rated: {level}</translation>
    </message>
    <message>
        <source>受理回执 {receipt_no}</source>
        <translation>Receipt {receipt_no}</translation>
    </message>
    <message>
        <source>生成回执时出错：{error}</source>
        <translation>Could not make the receipt: {error}</translation>
    </message>
    <message>
        <source>正在生成回执……</source>
        <translation>Making the receipt…</translation>
    </message>
    <message>
        <source>办理进度告知单 {receipt_no}</source>
        <translation>Progress notice {receipt_no}</translation>
    </message>
    <message>
        <source>生成办理进度告知单时出错：{error}</source>
        <translation>Error while making the progress notice: {error}</translation>
    </message>
    <message>
        <source>{window} 号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <source>请企业在评价器上评价办件 {receipt_no}…</source>
        <translation>Asking the enterprise to rate case {receipt_no} on the evaluator pad…</translation>
    </message>
    <message>
        <source>评价器没有收到评价：企业也可以扫描回执上的二维码评价。</source>
        <translation>The evaluator pad received no rating: the enterprise can also rate by scanning the QR code on its receipt.</translation>
    </message>
    <message>
        <source>企业已评价：{level}</source>
        <translation>The enterprise rated: {level}</translation>
    </message>
    <message>
        <source>{title} 已送往 {destination}</source>
        <translation>{title} sent to {destination}</translation>
    </message>
    <message>
        <source>已打开打印预览</source>
        <translation>Print preview opened</translation>
    </message>
    <message>
        <source>申请当前为「{status}」，不能撤回</source>
        <translation>The application is “{status}” and cannot be withdrawn</translation>
    </message>
    <message>
        <source>请填写撤回原因：撤回必须写明原因</source>
        <translation>Enter a reason: a withdrawal must state why</translation>
    </message>
    <message>
        <source>申请已变为「{status}」</source>
        <translation>The application is now “{status}”</translation>
    </message>
    <message>
        <source>变更申请状态时出错：{error}</source>
        <translation>Could not change the application&apos;s status: {error}</translation>
    </message>
    <message>
        <source>已显示经办人完整信息，{seconds} 秒后自动隐藏；此次查看已记入审计日志</source>
        <translation>The agent is shown in full and will be masked again in {seconds} seconds; this viewing is in the audit log</translation>
    </message>
</context>
<context>
    <name>ApplyAgentPage</name>
    <message>
        <source>经办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>到窗口办理的人。身份证号码和手机号码加密保存，回执和列表上只显示部分号码。</source>
        <translation>The person at the window. The ID number and mobile number are stored encrypted; receipts and lists show only part of them.</translation>
    </message>
    <message>
        <source>经办人姓名(&amp;N)</source>
        <translation>Agent&apos;s &amp;name</translation>
    </message>
    <message>
        <source>2–30 个字</source>
        <translation>2–30 characters</translation>
    </message>
    <message>
        <source>身份证号码(&amp;I)</source>
        <translation>Resident &amp;ID number</translation>
    </message>
    <message>
        <source>18 位居民身份证号码</source>
        <translation>18-character resident ID number</translation>
    </message>
    <message>
        <source>手机号码(&amp;P)</source>
        <translation>Mobile &amp;phone</translation>
    </message>
    <message>
        <source>11 位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <source>身份证</source>
        <translation>ID card</translation>
    </message>
    <message>
        <source>读取身份证 (F4)</source>
        <translation>Read ID card (F4)</translation>
    </message>
    <message>
        <source>读取阅读器上的身份证，填入姓名与身份证号码</source>
        <translation>Read the ID card on the reader into the name and ID number</translation>
    </message>
</context>
<context>
    <name>ApplyDonePage</name>
    <message>
        <source>办理完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>打印后交给经办人；按 Enter 或 Esc 关闭。</source>
        <translation>Print and hand it to the agent; Enter or Esc closes.</translation>
    </message>
    <message>
        <source>回执编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>补交期限</source>
        <translation>Materials due by</translation>
    </message>
    <message>
        <source>缺少材料</source>
        <translation>Missing materials</translation>
    </message>
    <message>
        <source>申请编号</source>
        <translation>Application ID</translation>
    </message>
    <message>
        <source>打印回执 (Ctrl+P)</source>
        <translation>Print receipt (Ctrl+P)</translation>
    </message>
    <message>
        <source>打印受理回执，交给经办人</source>
        <translation>Print the acceptance receipt for the agent</translation>
    </message>
    <message>
        <source>打印一次性告知单 (Ctrl+Shift+P)</source>
        <translation>Print missing-materials notice (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>打印一次性告知单：一次列出全部缺少的材料</source>
        <translation>Print the missing-materials notice: every missing material listed at once</translation>
    </message>
    <message>
        <source>打印容缺受理承诺书 (Ctrl+Shift+G)</source>
        <translation>Print the pledge for missing materials (Ctrl+Shift+G)</translation>
    </message>
    <message>
        <source>打印容缺受理承诺书：企业承诺在期限内补交所缺材料，签字盖章后留存</source>
        <translation>Print the pledge: the enterprise undertakes to hand in the missing materials by the deadline; it is signed, stamped and kept</translation>
    </message>
</context>
<context>
    <name>ApplyDrafts</name>
    <message>
        <source>已勾选的材料和填写的经办人信息还没有提交。</source>
        <translation>The ticked materials and the agent details have not been filed yet.</translation>
    </message>
    <message>
        <source>保存草稿：更新草稿，以后可从企业卡片或“申请”页继续。
放弃：删除这份草稿。
继续填写：回到向导。</source>
        <translation>Save draft: update the draft; continue later from the enterprise card or the Applications page.
Discard: delete this draft.
Keep filling in: back to the wizard.</translation>
    </message>
    <message>
        <source>保存草稿：留在本机，以后可从企业卡片或“申请”页继续。
放弃：不保存，关闭向导。
继续填写：回到向导。</source>
        <translation>Save draft: keep it on this computer; continue later from the enterprise card or the Applications page.
Discard: close the wizard without saving.
Keep filling in: back to the wizard.</translation>
    </message>
    <message>
        <source>关闭代办申请</source>
        <translation>Close the application</translation>
    </message>
    <message>
        <source>保存草稿 (Enter)</source>
        <translation>Save draft (Enter)</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>继续填写 (Esc)</source>
        <translation>Keep filling in (Esc)</translation>
    </message>
    <message>
        <source>草稿没有保存：{error}</source>
        <translation>The draft was not saved: {error}</translation>
    </message>
</context>
<context>
    <name>ApplyForms</name>
    <message>
        <source>无法核对经办人是否为法定代表人：{error}</source>
        <translation>Could not check whether the agent is the legal representative: {error}</translation>
    </message>
    <message>
        <source>正在核对经办人是否为法定代表人…</source>
        <translation>Checking whether the agent is the legal representative…</translation>
    </message>
    <message>
        <source>（登记信息中没有）</source>
        <translation>(not in the registry)</translation>
    </message>
    <message>
        <source>无法确定经办人「{agent}」是否为法定代表人「{rep}」：是本人请勾选下面第一项，否则须收取企业签字盖章的授权委托书。</source>
        <translation>Cannot tell whether the agent “{agent}” is the legal representative “{rep}”: tick the first box below if it is the same person; otherwise collect the letter of authorisation signed and stamped by the enterprise.</translation>
    </message>
    <message>
        <source>经办人「{agent}」不是登记的法定代表人「{rep}」：须收取企业签字盖章的授权委托书。</source>
        <translation>The agent “{agent}” is not the registered legal representative “{rep}”: collect the letter of authorisation signed and stamped by the enterprise.</translation>
    </message>
    <message>
        <source>全部事项</source>
        <translation>all items</translation>
    </message>
    <message>
        <source>本事项</source>
        <translation>this item</translation>
    </message>
    <message>
        <source>使用已备案的授权委托书（{agent} {id}，{scope}，有效期至 {until}）</source>
        <translation>Use the letter of authorisation on file ({agent} {id}, {scope}, valid until {until})</translation>
    </message>
    <message>
        <source>授权委托书 {enterprise} {agent}</source>
        <translation>Letter of authorisation {enterprise} {agent}</translation>
    </message>
    <message>
        <source>材料齐全：按 Enter 受理，生成回执编号并可打印受理回执。</source>
        <translation>All materials received: press Enter to accept; a receipt number is issued and the receipt can be printed.</translation>
    </message>
    <message>
        <source>受理 (Enter)</source>
        <translation>Accept (Enter)</translation>
    </message>
    <message>
        <source>存为草稿 (Enter)</source>
        <translation>Save draft (Enter)</translation>
    </message>
    <message>
        <source>缺少授权委托书：收到签字盖章的授权委托书（或使用已备案的）方可受理；现在按 Enter 将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。</source>
        <translation>The letter of authorisation is missing: the application can be accepted once a signed and stamped one is received (or the one on file is used); Enter now saves a draft and a notice lists all {count} missing materials at once.</translation>
    </message>
    <message>
        <source>{days} 个工作日内</source>
        <translation>within {days} working days</translation>
    </message>
    <message>
        <source>容缺受理：缺少 {count} 项必需材料，须在 {deadline} 前补交；受理后打印受理回执、容缺受理承诺书（企业签字盖章）和一次性告知单。</source>
        <translation>Accepted with materials to follow: {count} required materials are missing and are due by {deadline}; after accepting, print the receipt, the pledge (signed and stamped by the enterprise) and the missing-materials notice.</translation>
    </message>
    <message>
        <source>容缺受理 (Enter)</source>
        <translation>Accept, materials to follow (Enter)</translation>
    </message>
    <message>
        <source>该企业被列为失信主体，不能容缺受理：申请将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。</source>
        <translation>The enterprise is listed as dishonest and cannot be accepted with materials to follow: the application is saved as a draft and a notice lists all {count} missing materials at once.</translation>
    </message>
    <message>
        <source>「{names}」不能容缺补交：申请将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。</source>
        <translation>“{names}” may not follow after acceptance: the application is saved as a draft and a notice lists all {count} missing materials at once.</translation>
    </message>
    <message>
        <source>材料不全，不能受理：申请将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。</source>
        <translation>Materials missing, cannot be accepted: the application is saved as a draft and a notice lists all {count} missing materials at once.</translation>
    </message>
    <message>
        <source>不是容缺受理，没有容缺受理承诺书</source>
        <translation>Not accepted with materials to follow: there is no pledge to print</translation>
    </message>
    <message>
        <source>容缺受理承诺书 {number}</source>
        <translation>Pledge for missing materials {number}</translation>
    </message>
    <message>
        <source>「{title}」已打印：{destination}</source>
        <translation>“{title}” printed: {destination}</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>无法生成打印文件：{error}</source>
        <translation>Could not generate the document: {error}</translation>
    </message>
</context>
<context>
    <name>ApplyMaterialsPage</name>
    <message>
        <source>收取材料</source>
        <translation>Collect materials</translation>
    </message>
    <message>
        <source>逐项核对企业交来的材料：勾选已收取，核对原件、复印件份数，需要时添加扫描件。</source>
        <translation>Check each material the enterprise hands over: tick it as received, check the number of originals and copies, attach a scan where needed.</translation>
    </message>
    <message>
        <source>申请材料清单</source>
        <translation>Materials to hand in</translation>
    </message>
    <message>
        <source>空格键：切换当前材料是否已收取；把扫描件拖到材料行上即可作为附件（PDF、JPEG、PNG、OFD，20 MB 以内）。</source>
        <translation>Space: toggle whether the current material is received. Drop a scan onto a material&apos;s row to attach it (PDF, JPEG, PNG, OFD, up to 20 MB).</translation>
    </message>
    <message>
        <source>全部已收取 (Ctrl+Shift+A)</source>
        <translation>All received (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>企业交来了全部材料：把每一项都标为已收取</source>
        <translation>The enterprise brought everything: mark every material as received</translation>
    </message>
    <message>
        <source>添加附件… (Ctrl+O)</source>
        <translation>Attach file… (Ctrl+O)</translation>
    </message>
    <message>
        <source>为选中的材料选择扫描件文件</source>
        <translation>Choose a scan for the selected material</translation>
    </message>
    <message>
        <source>从扫描仪导入 (Ctrl+I)</source>
        <translation>Import from scanner (Ctrl+I)</translation>
    </message>
    <message>
        <source>把扫描仪文件夹里最新的文件作为选中材料的附件</source>
        <translation>Attach the newest file in the scanner folder to the selected material</translation>
    </message>
    <message>
        <source>高拍仪拍摄 (F6)</source>
        <translation>Document camera (F6)</translation>
    </message>
    <message>
        <source>用高拍仪拍下放好的一页，裁边摆正后作为选中材料的附件</source>
        <translation>Photograph the page on the document camera, cropped and straightened, as the selected material&apos;s attachment</translation>
    </message>
    <message>
        <source>移除附件 (Delete)</source>
        <translation>Remove attachment (Delete)</translation>
    </message>
    <message>
        <source>去掉选中材料的附件（材料仍为已收取）</source>
        <translation>Remove the selected material&apos;s attachment (it stays received)</translation>
    </message>
</context>
<context>
    <name>ApplyReviewPage</name>
    <message>
        <source>核对</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>请与经办人核对以下内容；按 Enter 办理。</source>
        <translation>Check the following with the agent; press Enter to file.</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>预计享受</source>
        <translation>Expected benefit</translation>
    </message>
    <message>
        <source>已收材料</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>缺少材料</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>授权委托书</source>
        <translation>Letter of authorisation</translation>
    </message>
    <message>
        <source>经办人是法定代表人本人（已核对身份证件）</source>
        <translation>The agent is the legal representative in person (ID checked)</translation>
    </message>
    <message>
        <source>已收取签字盖章的授权委托书，委托期限至</source>
        <translation>Signed and stamped letter of authorisation received, valid until</translation>
    </message>
    <message>
        <source>打印授权委托书 (Ctrl+Shift+W)</source>
        <translation>Print the letter of authorisation (Ctrl+Shift+W)</translation>
    </message>
    <message>
        <source>打印已填好企业、经办人和事项的授权委托书，请企业法定代表人签字并加盖公章</source>
        <translation>Print the letter of authorisation filled in with the enterprise, the agent and the item, for the legal representative to sign and the enterprise to stamp</translation>
    </message>
</context>
<context>
    <name>ApplyWizard</name>
    <message>
        <source>代办申请</source>
        <translation>Apply on behalf</translation>
    </message>
    <message>
        <source>&lt; 上一步</source>
        <translation>&lt; Back</translation>
    </message>
    <message>
        <source>下一步 (Enter) &gt;</source>
        <translation>Next (Enter) &gt;</translation>
    </message>
    <message>
        <source>受理 (Enter)</source>
        <translation>Accept (Enter)</translation>
    </message>
    <message>
        <source>完成 (Enter)</source>
        <translation>Finish (Enter)</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>请先选中要添加附件的材料</source>
        <translation>Select the material to attach the file to first</translation>
    </message>
    <message>
        <source>每项材料只能有一个附件：选中了 {rows} 项材料，却有 {files} 个文件。请选中同样多的材料行再添加</source>
        <translation>Each material takes one attachment: {rows} materials are selected but there are {files} files. Select as many material rows as files and try again</translation>
    </message>
    <message>
        <source>请先选中要导入扫描件的材料</source>
        <translation>Select the material to import the scan for first</translation>
    </message>
    <message>
        <source>正在从扫描仪文件夹导入…</source>
        <translation>Importing from the scanner folder…</translation>
    </message>
    <message>
        <source>选择材料扫描件</source>
        <translation>Choose material scans</translation>
    </message>
    <message>
        <source>材料文件 (*.pdf *.jpg *.jpeg *.png *.ofd)</source>
        <translation>Material files (*.pdf *.jpg *.jpeg *.png *.ofd)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>已将 {count} 项材料标为已收取</source>
        <translation>{count} materials marked as received</translation>
    </message>
    <message>
        <source>没有受理回执：申请未受理（材料不全），请打印一次性告知单</source>
        <translation>No receipt: the application was not accepted (materials missing); print the missing-materials notice</translation>
    </message>
    <message>
        <source>没有缺少的材料，不需要一次性告知单</source>
        <translation>No materials are missing; no notice is needed</translation>
    </message>
    <message>
        <source>正在受理，请稍候…</source>
        <translation>Filing, please wait…</translation>
    </message>
    <message>
        <source>{enterprise}（{code}）&#x3000;·&#x3000;{item}</source>
        <translation>{enterprise} ({code})  ·  {item}</translation>
    </message>
    <message>
        <source>草稿中的材料「{names}」已不是该事项的申请材料，未恢复</source>
        <translation>The draft&apos;s materials &quot;{names}&quot; are no longer required for this item and were not restored</translation>
    </message>
    <message>
        <source>无法载入事项或企业信息：{error}</source>
        <translation>Could not load the item or the enterprise: {error}</translation>
    </message>
    <message>
        <source>无法办理</source>
        <translation>Cannot be filed</translation>
    </message>
    <message>
        <source>已添加附件：{names}</source>
        <translation>Attached: {names}</translation>
    </message>
    <message>
        <source>未添加附件：{reason}</source>
        <translation>Not attached: {reason}</translation>
    </message>
    <message>
        <source>还没有设置扫描仪文件夹：请在「设置」中填写扫描仪保存文件的文件夹</source>
        <translation>No scanner folder is set: enter the folder the scanner saves to in Settings</translation>
    </message>
    <message>
        <source>扫描仪文件夹不存在或无法打开：{folder}</source>
        <translation>The scanner folder does not exist or cannot be opened: {folder}</translation>
    </message>
    <message>
        <source>扫描仪文件夹里没有文件：{folder}。请先扫描材料</source>
        <translation>The scanner folder is empty: {folder}. Scan the material first</translation>
    </message>
    <message>
        <source>扫描仪文件夹里没有最近 {minutes} 分钟内扫描的文件（最新的「{name}」扫描于 {time}，可能是之前办事人的）：请先扫描本次的材料</source>
        <translation>The scanner folder has nothing scanned in the last {minutes} minutes (the newest, &quot;{name}&quot;, was scanned at {time} and may be an earlier visitor&apos;s): scan this visitor&apos;s material first</translation>
    </message>
    <message>
        <source>扫描仪文件夹里的文件都已添加过：请先扫描下一份材料（{folder}）</source>
        <translation>Every file in the scanner folder is already attached: scan the next material first ({folder})</translation>
    </message>
    <message>
        <source>扫描仪文件夹里只有 {found} 个未添加的文件，却选中了 {wanted} 项材料</source>
        <translation>The scanner folder has only {found} files not yet attached, but {wanted} materials are selected</translation>
    </message>
    <message>
        <source>{name}（{code}）</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <source>{title}（{department}）</source>
        <translation>{title} ({department})</translation>
    </message>
    <message>
        <source>{count} 项：{names}</source>
        <translation>{count}: {names}</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>约 {amount} 元</source>
        <translation>about {amount} yuan</translation>
    </message>
    <message>
        <source>以主管部门审核为准</source>
        <translation>As assessed by the department</translation>
    </message>
    <message>
        <source>（部分条件在资料中没有数据，需窗口核实）</source>
        <translation> (some conditions have no data on record; check them at the window)</translation>
    </message>
    <message>
        <source>无法受理：{error}</source>
        <translation>Cannot file: {error}</translation>
    </message>
    <message>
        <source>受理失败，申请没有保存：{error}</source>
        <translation>Filing failed; the application was not saved: {error}</translation>
    </message>
    <message>
        <source>已容缺受理</source>
        <translation>Accepted, materials to follow</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>材料不全，未受理：已存为草稿</source>
        <translation>Materials missing, not accepted: saved as a draft</translation>
    </message>
    <message>
        <source>{date}（{days} 个工作日）</source>
        <translation>{date} ({days} working days)</translation>
    </message>
    <message>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <source>打印一次性告知单 (Ctrl+P)</source>
        <translation>Print missing-materials notice (Ctrl+P)</translation>
    </message>
    <message>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <source>受理回执 {number}</source>
        <translation>Receipt {number}</translation>
    </message>
    <message>
        <source>一次性告知单 {enterprise} {application}</source>
        <translation>Missing-materials notice {enterprise} {application}</translation>
    </message>
    <message>
        <source>正在打印「{title}」…</source>
        <translation>Printing &quot;{title}&quot;…</translation>
    </message>
    <message>
        <source>无法生成打印文件：{error}</source>
        <translation>Could not generate the document: {error}</translation>
    </message>
    <message>
        <source>没有可用的打印机，「{title}」已保存为 {path}</source>
        <translation>No printer available; &quot;{title}&quot; was saved as {path}</translation>
    </message>
    <message>
        <source>「{title}」已发送到 {printer}</source>
        <translation>&quot;{title}&quot; sent to {printer}</translation>
    </message>
    <message>
        <source>已打开打印预览：按 Enter 或 Ctrl+P 打印，Esc 不打印</source>
        <translation>Print preview opened: press Enter or Ctrl+P to print, Esc not to print</translation>
    </message>
    <message>
        <source>正在受理，请等受理完成再关闭</source>
        <translation>Filing in progress; close when it has finished</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>暂无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <source>{label}：{value}</source>
        <translation>{label}: {value}</translation>
    </message>
</context>
<context>
    <name>BenefitText</name>
    <message>
        <source>现金补贴</source>
        <translation>Cash subsidy</translation>
    </message>
    <message>
        <source>加计扣除（非现金）</source>
        <translation>Additional deduction (not cash)</translation>
    </message>
    <message>
        <source>费率降低（非现金）</source>
        <translation>Rate cut (not cash)</translation>
    </message>
    <message>
        <source>实物/服务（非现金）</source>
        <translation>In kind / service (not cash)</translation>
    </message>
    <message>
        <source>可加计扣除额 约 {amount}</source>
        <translation>deductible about {amount}</translation>
    </message>
    <message>
        <source>实物/服务 折合约 {amount}</source>
        <translation>in kind, worth about {amount}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>请携带：{documents}</source>
        <translation>Please bring: {documents}</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>事项名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>主管部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>事项编号</source>
        <translation>Item ID</translation>
    </message>
</context>
<context>
    <name>CatalogueRoom</name>
    <message>
        <source>查找事项(&amp;F)</source>
        <translation>&amp;Find item</translation>
    </message>
    <message>
        <source>事项名称、编号、主管部门、文号或类别中的字词，多个词用空格隔开（Ctrl+F）</source>
        <translation>Words from the item&apos;s title, ID, department, document number or category; separate several words with spaces (Ctrl+F)</translation>
    </message>
    <message>
        <source>事项名称、编号、部门、文号或类别（Ctrl+F）</source>
        <translation>Title, ID, department, document no. or category (Ctrl+F)</translation>
    </message>
    <message>
        <source>方式(&amp;M)</source>
        <translation>&amp;Mode</translation>
    </message>
    <message>
        <source>免申即享、网上申请或窗口申请（Alt+M）</source>
        <translation>Automatic, online or at the window (Alt+M)</translation>
    </message>
    <message>
        <source>部门(&amp;D)</source>
        <translation>&amp;Department</translation>
    </message>
    <message>
        <source>只看一个主管部门的事项；可输入部门名称的一部分（Alt+D）</source>
        <translation>Show one department&apos;s items only; you may type part of its name (Alt+D)</translation>
    </message>
    <message>
        <source>政策事项列表</source>
        <translation>Policy items</translation>
    </message>
    <message>
        <source>事项详情</source>
        <translation>Item details</translation>
    </message>
    <message>
        <source>选中一个事项，在此查看全文</source>
        <translation>Select an item to see its full text here</translation>
    </message>
    <message>
        <source>列出符合这个事项条件的企业，可导出 Excel（Ctrl+R）</source>
        <translation>List the enterprises that qualify for this item, with an Excel export (Ctrl+R)</translation>
    </message>
    <message>
        <source>找企业 (Ctrl+R)</source>
        <translation>Find enterprises (Ctrl+R)</translation>
    </message>
    <message>
        <source>全部方式</source>
        <translation>All modes</translation>
    </message>
    <message>
        <source>全部部门</source>
        <translation>All departments</translation>
    </message>
    <message>
        <source>政策沙盘…</source>
        <translation>Policy sandbox…</translation>
    </message>
    <message>
        <source>导入新目录前，评估它对本库企业的影响（新符合、不再符合、金额变化），并检查目录</source>
        <translation>Before importing a new catalogue, assess its impact on this database&apos;s enterprises (newly eligible, no longer eligible, change in amounts) and check the catalogue</translation>
    </message>
    <message>
        <source>没有名为「{name}」的主管部门，请从列表中选择</source>
        <translation>There is no department named “{name}”; choose one from the list</translation>
    </message>
    <message>
        <source>本机还没有政策目录：请先同步，或由管理员导入目录</source>
        <translation>There is no policy catalogue on this computer yet: sync first, or ask an administrator to import one</translation>
    </message>
    <message>
        <source>没有找到相符的事项，可换个词，或取消方式、部门筛选</source>
        <translation>No matching items; try another word, or clear the mode and department filters</translation>
    </message>
    <message>
        <source>{shown} / {total} 个事项</source>
        <translation>{shown} / {total} items</translation>
    </message>
    <message>
        <source>查找事项时出错：{error}</source>
        <translation>Could not search the items: {error}</translation>
    </message>
    <message>
        <source>目录中已没有编号为 {id} 的事项</source>
        <translation>The catalogue no longer has item {id}</translation>
    </message>
    <message>
        <source>读取事项时出错：{error}</source>
        <translation>Could not read the item: {error}</translation>
    </message>
</context>
<context>
    <name>CourseStep</name>
    <message>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>补正</source>
        <translation>Correction requested</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>公示</source>
        <translation>Public notice</translation>
    </message>
    <message>
        <source>拨付</source>
        <translation>Paid out</translation>
    </message>
    <message>
        <source>不予支持</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>（至 %1）</source>
        <translation> (until %1)</translation>
    </message>
    <message>
        <source>：%1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source> 至 %1</source>
        <translation> until %1</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <source>程序出现了意外错误，刚才的操作可能没有完成。请重新操作一次；如果问题再次出现，请联系系统管理员。</source>
        <translation>Something unexpected went wrong; the last action may not have been completed. Please try it once more; if the problem comes back, contact your system administrator.</translation>
    </message>
    <message>
        <source>政策快享 · 意外错误</source>
        <translation>Policy Express · Unexpected error</translation>
    </message>
    <message>
        <source>详细信息已记录在日志文件：{path}</source>
        <translation>The details have been written to the log file: {path}</translation>
    </message>
</context>
<context>
    <name>DbUpgrade</name>
    <message>
        <source>正在升级本机数据库，升级后的第一次启动需要稍等片刻…</source>
        <translation>Upgrading the local database; the first start after an update takes a moment…</translation>
    </message>
    <message>
        <source>政策快享</source>
        <translation>Policy Express</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsGroup</name>
    <message>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>不使用（手工填写）</source>
        <translation>None (typed by hand)</translation>
    </message>
    <message>
        <source>termb 系列（termb.dll / libtermb.so）</source>
        <translation>termb family (termb.dll / libtermb.so)</translation>
    </message>
    <message>
        <source>sdtapi 系列（sdtapi.dll / libsdtapi.so）</source>
        <translation>sdtapi family (sdtapi.dll / libsdtapi.so)</translation>
    </message>
    <message>
        <source>模拟阅读器（演示、培训）</source>
        <translation>Simulated reader (demo, training)</translation>
    </message>
    <message>
        <source>身份证阅读器(&amp;R)：</source>
        <translation>ID card &amp;reader:</translation>
    </message>
    <message>
        <source>厂商提供的驱动库文件</source>
        <translation>The driver library from the reader&apos;s maker</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>驱动库：</source>
        <translation>Driver library:</translation>
    </message>
    <message>
        <source>1–16 为串口，1001–1016 为 USB 口</source>
        <translation>1–16: serial ports; 1001–1016: USB ports</translation>
    </message>
    <message>
        <source>端口：</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>放上证件即读取（否则按 F4 读取）</source>
        <translation>Read a card as soon as it is placed (otherwise press F4)</translation>
    </message>
    <message>
        <source>不使用</source>
        <translation>None</translation>
    </message>
    <message>
        <source>厂商本机采集服务（HTTP）</source>
        <translation>Maker&apos;s capture service on this computer (HTTP)</translation>
    </message>
    <message>
        <source>模拟高拍仪（演示、培训）</source>
        <translation>Simulated document camera (demo, training)</translation>
    </message>
    <message>
        <source>高拍仪(&amp;K)：</source>
        <translation>Document &amp;camera:</translation>
    </message>
    <message>
        <source>只能是本机地址，如 http://127.0.0.1:38088/capture</source>
        <translation>This computer&apos;s address only, e.g. http://127.0.0.1:38088/capture</translation>
    </message>
    <message>
        <source>采集服务地址：</source>
        <translation>Capture service address:</translation>
    </message>
    <message>
        <source>自动裁边、摆正</source>
        <translation>Crop and straighten pages</translation>
    </message>
    <message>
        <source>无评价器：回执上的二维码评价</source>
        <translation>No pad: rating by the QR code on the receipt</translation>
    </message>
    <message>
        <source>副屏评价</source>
        <translation>Rating on a second screen</translation>
    </message>
    <message>
        <source>模拟评价器（演示、培训）</source>
        <translation>Simulated evaluator pad (demo, training)</translation>
    </message>
    <message>
        <source>评价器(&amp;E)：</source>
        <translation>&amp;Evaluator:</translation>
    </message>
    <message>
        <source>身份证阅读器驱动库</source>
        <translation>ID card reader driver library</translation>
    </message>
    <message>
        <source>驱动库 (*.dll *.so *.so.*);;所有文件 (*)</source>
        <translation>Driver libraries (*.dll *.so *.so.*);;All files (*)</translation>
    </message>
    <message>
        <source>请选择身份证阅读器的驱动库文件</source>
        <translation>Choose the ID card reader&apos;s driver library</translation>
    </message>
    <message>
        <source>身份证阅读器的驱动库不存在：{path}</source>
        <translation>The ID card reader&apos;s driver library does not exist: {path}</translation>
    </message>
</context>
<context>
    <name>DeviceStatus</name>
    <message>
        <source>读卡器</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>评价器</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <source>未启用</source>
        <translation>off</translation>
    </message>
    <message>
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>fault</translation>
    </message>
</context>
<context>
    <name>DeviceStatusLabel</name>
    <message>
        <source>设备状态</source>
        <translation>Device status</translation>
    </message>
</context>
<context>
    <name>DocumentPrinter</name>
    <message>
        <source>打印预览：{title}（Enter 或 Ctrl+P 打印，Esc 关闭）</source>
        <translation>Print preview: {title} (Enter or Ctrl+P prints, Esc closes)</translation>
    </message>
    <message>
        <source>打印进程意外退出（代码 {code}），详见日志</source>
        <translation>The print process exited unexpectedly (code {code}); see the log</translation>
    </message>
    <message>
        <source>无法启动打印进程：{error}</source>
        <translation>Cannot start the print process: {error}</translation>
    </message>
    <message>
        <source>打印失败：{error}</source>
        <translation>Printing failed: {error}</translation>
    </message>
    <message>
        <source>没有可用的打印机，保存 PDF 也失败了：{error}</source>
        <translation>No printer is available, and saving the PDF failed as well: {error}</translation>
    </message>
    <message>
        <source>无法写入 PDF 文件 {path}：{error}</source>
        <translation>Cannot write the PDF file {path}: {error}</translation>
    </message>
</context>
<context>
    <name>DraftsModel</name>
    <message>
        <source>{enterprise} · {title} · 已收 {count} 项材料 · {when}</source>
        <translation>{enterprise} · {title} · {count} materials received · {when}</translation>
    </message>
    <message>
        <source>{text}
经办人：{agent}
Enter 继续填写，Delete 放弃</source>
        <translation>{text}
Agent: {agent}
Enter continues, Delete discards</translation>
    </message>
</context>
<context>
    <name>EnterpriseCard</name>
    <message>
        <source>在上方输入统一社会信用代码、企业名称、拼音首字母或法定代表人查找企业；选中一家企业后，这里显示它的信息。</source>
        <translation>Find an enterprise above by its unified social credit code, name, pinyin initials or legal representative; select one to see its details here.</translation>
    </message>
    <message>
        <source>企业信息卡</source>
        <translation>Enterprise card</translation>
    </message>
    <message>
        <source>该企业被列入失信主体名单</source>
        <translation>This enterprise is on the list of dishonest entities</translation>
    </message>
    <message>
        <source>失信</source>
        <translation>Dishonest</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>所在地</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>所属行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>成立日期</source>
        <translation>Established</translation>
    </message>
    <message>
        <source>从业人数</source>
        <translation>Employees</translation>
    </message>
    <message>
        <source>营业收入</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>资产总额</source>
        <translation>Total assets</translation>
    </message>
    <message>
        <source>企业规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>纳税信用等级</source>
        <translation>Tax credit rating</translation>
    </message>
    <message>
        <source>失信记录</source>
        <translation>Dishonesty record</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>资质标签</source>
        <translation>Qualifications</translation>
    </message>
    <message>
        <source>办理记录</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>容缺待补的材料</source>
        <translation>Materials owed after acceptance</translation>
    </message>
    <message>
        <source>本企业的申请</source>
        <translation>This enterprise&apos;s applications</translation>
    </message>
    <message>
        <source>单击或按 Enter 打开这条申请</source>
        <translation>Click or press Enter to open this application</translation>
    </message>
    <message>
        <source>暂无办理记录</source>
        <translation>No applications yet</translation>
    </message>
    <message>
        <source>部门数据</source>
        <translation>Department data</translation>
    </message>
    <message>
        <source>{size}企业</source>
        <translation>{size} enterprise</translation>
    </message>
    <message>
        <source>是（已列入失信主体名单）</source>
        <translation>Yes (on the list of dishonest entities)</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>{name}（{code}）</source>
        <translation>{name} ({code})</translation>
    </message>
    <message>
        <source>{count} 人</source>
        <translation>{count} people</translation>
    </message>
    <message>
        <source>（参保 {count} 人）</source>
        <translation> ({count} insured)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>{start} 起长期有效</source>
        <translation>from {start}, no end date</translation>
    </message>
    <message>
        <source>有效期至 {end}</source>
        <translation>valid until {end}</translation>
    </message>
    <message>
        <source>长期有效</source>
        <translation>no end date</translation>
    </message>
    <message>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message>
        <source>（尚未生效）</source>
        <translation> (not yet valid)</translation>
    </message>
    <message>
        <source>已逾期 {days} 天</source>
        <translation>{days} days overdue</translation>
    </message>
    <message>
        <source>还剩 {days} 个工作日</source>
        <translation>{days} working days left</translation>
    </message>
    <message>
        <source>容缺待补：{materials}（{item}）须在 {deadline} 前补交，{when}</source>
        <translation>Owed: {materials} ({item}) due by {deadline}, {when}</translation>
    </message>
    <message>
        <source>{title}
草稿（未提交）· 已收 {count} 项材料 · {when}
按 Enter 继续填写，Delete 放弃</source>
        <translation>{title}
Draft (not filed) · {count} materials received · {when}
Enter continues, Delete discards</translation>
    </message>
    <message>
        <source>{text}
草稿只保存在本机，不会上传</source>
        <translation>{text}
Drafts stay on this computer and are never uploaded</translation>
    </message>
    <message>
        <source>{text}
申请编号 {id}
单击或按 Enter 打开</source>
        <translation>{text}
Application {id}
Click or press Enter to open</translation>
    </message>
    <message>
        <source>共 {total} 条，这里显示最近 {count} 条；全部记录在“申请”页。</source>
        <translation>{total} in all; the latest {count} are shown here, all of them in the Applications room.</translation>
    </message>
    <message>
        <source>回执 {receipt_no}</source>
        <translation>Receipt {receipt_no}</translation>
    </message>
    <message>
        <source>尚未受理，没有回执</source>
        <translation>Not accepted yet, no receipt</translation>
    </message>
    <message>
        <source>办理进度：{progress}</source>
        <translation>Progress: {progress}</translation>
    </message>
</context>
<context>
    <name>FollowupsModel</name>
    <message>
        <source>已办结（{who}）：{action}</source>
        <translation>Closed ({who}): {action}</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>待整改</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>窗口 · 人员</source>
        <translation>Window · clerk</translation>
    </message>
    <message>
        <source>评价及原因</source>
        <translation>Rating and reasons</translation>
    </message>
    <message>
        <source>评价日期</source>
        <translation>Rated on</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>IdleLockController</name>
    <message>
        <source>当前窗口人员：{name}</source>
        <translation>Clerk at this window: {name}</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
    <message>
        <source>密码不正确，还可以再试 {n} 次</source>
        <translation>Wrong password; {n} attempts left</translation>
    </message>
    <message>
        <source>密码不正确</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <source>账号已锁定，请于 {time} 后再试</source>
        <translation>The account is locked; try again after {time}</translation>
    </message>
    <message>
        <source>解锁时出错：{error}</source>
        <translation>Could not unlock: {error}</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>窗口已锁定</source>
        <translation>This window is locked</translation>
    </message>
    <message>
        <source>输入密码解锁</source>
        <translation>Enter your password to unlock</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>政策快享 · 登录</source>
        <translation>Policy Express · Log in</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导入配置…</source>
        <translation>Import configuration…</translation>
    </message>
    <message>
        <source>导入管理员发放的大厅配置文件；也可把配置二维码扫入「中心服务器」一栏</source>
        <translation>Import the hall configuration file from your administrator; or scan its QR code into the “Central server” field</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>中心服务器</source>
        <translation>Central server</translation>
    </message>
    <message>
        <source>请填写密码</source>
        <translation>Enter the password</translation>
    </message>
    <message>
        <source>请填写用户名</source>
        <translation>Enter the user name</translation>
    </message>
    <message>
        <source>请填写用户名和密码</source>
        <translation>Please enter user name and password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>导入大厅配置</source>
        <translation>Import hall configuration</translation>
    </message>
    <message>
        <source>大厅配置 (*.kxprov *.json *.txt);;所有文件 (*)</source>
        <translation>Hall configuration (*.kxprov *.json *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>已导入大厅配置：{hall} 窗口 {window}，中心服务器 {server}。请登录。</source>
        <translation>Hall configuration imported: {hall} window {window}, central server {server}. Please log in.</translation>
    </message>
    <message>
        <source>配置未导入：{reason}</source>
        <translation>Configuration not imported: {reason}</translation>
    </message>
    <message>
        <source>核对配置的签名指纹</source>
        <translation>Check the configuration&apos;s signing fingerprint</translation>
    </message>
    <message>
        <source>本机尚未信任任何中心服务器。请与管理员另行（电话或书面）告知的指纹逐字核对：

{fp}

一致才导入。</source>
        <translation>This machine trusts no central server yet. Compare this fingerprint, character by character, with the one your administrator gave you separately (by phone or in writing):

{fp}

Import only if they match.</translation>
    </message>
    <message>
        <source>一致，导入</source>
        <translation>They match, import</translation>
    </message>
    <message>
        <source>不一致</source>
        <translation>They differ</translation>
    </message>
    <message>
        <source>指纹不一致：配置未导入。请联系管理员。</source>
        <translation>The fingerprints differ: the configuration was not imported. Please contact your administrator.</translation>
    </message>
    <message>
        <source>用户名或密码不正确，还可以再试 {n} 次</source>
        <translation>Wrong user name or password; {n} attempts left</translation>
    </message>
    <message>
        <source>用户名或密码不正确</source>
        <translation>Wrong user name or password</translation>
    </message>
    <message>
        <source>账号已锁定，请于 {time} 后再试</source>
        <translation>The account is locked; try again after {time}</translation>
    </message>
    <message>
        <source>无法离线登录：本机没有该账号的离线凭据，请在联网时登录一次。（{reason}）</source>
        <translation>Cannot log in offline: this device holds no offline credentials for the account; log in once while online. ({reason})</translation>
    </message>
    <message>
        <source>不登录就无法使用政策快享。要退出吗？</source>
        <translation>Kuaixiang cannot be used without logging in. Quit?</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>返回登录</source>
        <translation>Back to log-in</translation>
    </message>
    <message>
        <source>登录时出错：{error}</source>
        <translation>Log-in failed: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>政策快享 · 窗口服务</source>
        <translation>Policy Express · Service Window</translation>
    </message>
    <message>
        <source>查找企业(&amp;F)</source>
        <translation>&amp;Find enterprise</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>办理(&amp;G)</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>设置(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>锁定屏幕(&amp;L)</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>工作台(&amp;W)</source>
        <translation>&amp;Workspace</translation>
    </message>
    <message>
        <source>申请记录(&amp;A)</source>
        <translation>&amp;Applications</translation>
    </message>
    <message>
        <source>政策目录(&amp;C)</source>
        <translation>Policy &amp;catalogue</translation>
    </message>
    <message>
        <source>政策找企业(&amp;O)</source>
        <translation>&amp;Outreach</translation>
    </message>
    <message>
        <source>统计(&amp;T)</source>
        <translation>S&amp;tatistics</translation>
    </message>
    <message>
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <source>政策清单(&amp;P)</source>
        <translation>&amp;Policy list</translation>
    </message>
    <message>
        <source>代办申请(&amp;A)…</source>
        <translation>&amp;Apply on its behalf…</translation>
    </message>
    <message>
        <source>打印一企一策清单(&amp;L)</source>
        <translation>Print the enterprise&apos;s policy &amp;list</translation>
    </message>
    <message>
        <source>立即同步(&amp;S)</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <source>快捷键一览(&amp;K)</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于政策快享(&amp;A)</source>
        <translation>&amp;About Zhengce Kuaixiang</translation>
    </message>
    <message>
        <source>准备数据时出错：{error}</source>
        <translation>Preparing the data failed: {error}</translation>
    </message>
    <message>
        <source>容缺待补：3 日内到期 {soon} 件，逾期 {overdue} 件</source>
        <translation>Materials owed: {soon} due within 3 days, {overdue} overdue</translation>
    </message>
    <message>
        <source>单击打开“申请”页的待补正清单</source>
        <translation>Click to open the list of materials owed in Applications</translation>
    </message>
    <message>
        <source>库中共有 {count} 家企业</source>
        <translation>{count} enterprises in the database</translation>
    </message>
    <message>
        <source>企业数量未知</source>
        <translation>Number of enterprises unknown</translation>
    </message>
    <message>
        <source>后台任务出错：{error}</source>
        <translation>A background task failed: {error}</translation>
    </message>
    <message>
        <source>工作台</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <source>申请记录</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>政策目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>政策找企业</source>
        <translation>Outreach</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>来访评价（无申请）…</source>
        <translation>Rate a visit (no application)…</translation>
    </message>
    <message>
        <source>为没有申请的来访编号，并把评价屏转向企业（或显示在第二屏）</source>
        <translation>Number a visit without an application and turn the rating screen to the enterprise (or show it on the second screen)</translation>
    </message>
    <message>
        <source>请先打开企业，并在政策清单（F3）中选中要代办的事项。</source>
        <translation>Open an enterprise first and select the item to apply for in the policy list (F3).</translation>
    </message>
    <message>
        <source>“{title}”已保存为 PDF：{path}</source>
        <translation>“{title}” saved as PDF: {path}</translation>
    </message>
    <message>
        <source>“{title}”已送往打印机 {printer}（{pages} 页）</source>
        <translation>“{title}” sent to printer {printer} ({pages} pages)</translation>
    </message>
    <message>
        <source>打印失败：{reason}</source>
        <translation>Printing failed: {reason}</translation>
    </message>
    <message>
        <source>设备设置未能保存：{reason}</source>
        <translation>The device settings could not be saved: {reason}</translation>
    </message>
    <message>
        <source>设置已保存；中心服务器改为 {url}，下次登录时生效</source>
        <translation>Settings saved; the central server is now {url}, used from the next log-in</translation>
    </message>
    <message>
        <source>设置已保存</source>
        <translation>Settings saved</translation>
    </message>
    <message>
        <source>演示模式没有登录，无需锁定</source>
        <translation>Nobody is logged in in demo mode: nothing to lock</translation>
    </message>
    <message>
        <source>{window} 号窗口</source>
        <translation>window {window}</translation>
    </message>
    <message>
        <source>（离线）</source>
        <translation> (offline)</translation>
    </message>
    <message>
        <source>政策快享</source>
        <translation>Policy Express</translation>
    </message>
</context>
<context>
    <name>MaterialsModel</name>
    <message>
        <source>材料</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>已收取</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>可选</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>空格键切换是否已收取</source>
        <translation>Space toggles received</translation>
    </message>
    <message>
        <source>F2 或直接输入数字修改（0–99）</source>
        <translation>F2 or type a number to change it (0–99)</translation>
    </message>
    <message>
        <source>把文件拖到这一行，或按 Ctrl+O 选择文件、Ctrl+I 从扫描仪导入</source>
        <translation>Drop a file on this row, or press Ctrl+O to choose a file, Ctrl+I to import from the scanner</translation>
    </message>
</context>
<context>
    <name>MaterialsPage</name>
    <message>
        <source>正在载入事项与企业信息…</source>
        <translation>Loading the item and the enterprise…</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>%1 万元</source>
        <translation>%1 × 10k yuan</translation>
    </message>
    <message>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
</context>
<context>
    <name>OutboxKind</name>
    <message>
        <source>申请草稿</source>
        <translation>Application draft</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Acceptance</translation>
    </message>
    <message>
        <source>报送</source>
        <translation>Submission</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdrawal</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>回执号 / 申请号</source>
        <translation>Receipt no. / application no.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>最近错误及原因</source>
        <translation>Last error and reason</translation>
    </message>
    <message>
        <source>申请号：{id}</source>
        <translation>Application no.: {id}</translation>
    </message>
</context>
<context>
    <name>OutboxState</name>
    <message>
        <source>待上传</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <source>上传失败</source>
        <translation>Upload failed</translation>
    </message>
    <message>
        <source>与平台冲突</source>
        <translation>Conflict with the platform</translation>
    </message>
    <message>
        <source>平台拒收</source>
        <translation>Refused by the platform</translation>
    </message>
    <message>
        <source>已上传</source>
        <translation>Uploaded</translation>
    </message>
</context>
<context>
    <name>OutreachModel</name>
    <message>
        <source>企业名称</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>所在地</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>规模</source>
        <translation>Size</translation>
    </message>
</context>
<context>
    <name>OutreachRoom</name>
    <message>
        <source>政策事项(&amp;I)</source>
        <translation>Policy &amp;item</translation>
    </message>
    <message>
        <source>输入事项名称或编号的一部分，从列表中选择后按 Enter 查找符合条件的企业（Ctrl+F）</source>
        <translation>Type part of an item&apos;s title or ID, choose it from the list and press Enter to find the enterprises that qualify (Ctrl+F)</translation>
    </message>
    <message>
        <source>输入事项名称或编号，选择后按 Enter（Ctrl+F）</source>
        <translation>Item title or ID, then Enter (Ctrl+F)</translation>
    </message>
    <message>
        <source>判定日期(&amp;A)</source>
        <translation>&amp;As of</translation>
    </message>
    <message>
        <source>按哪一天的政策和企业资质判定（Alt+A）</source>
        <translation>The day whose policies and enterprise qualifications count (Alt+A)</translation>
    </message>
    <message>
        <source>查找符合所选事项条件的企业（Enter）</source>
        <translation>Find the enterprises that qualify for the chosen item (Enter)</translation>
    </message>
    <message>
        <source>查找企业</source>
        <translation>Find enterprises</translation>
    </message>
    <message>
        <source>把符合条件的全部企业导出为 Excel 工作簿（Ctrl+E）</source>
        <translation>Export every qualifying enterprise to an Excel workbook (Ctrl+E)</translation>
    </message>
    <message>
        <source>导出 Excel (Ctrl+E)</source>
        <translation>Export Excel (Ctrl+E)</translation>
    </message>
    <message>
        <source>选择一个政策事项，查找符合其条件的企业，可导出 Excel 名单上门或电话告知。</source>
        <translation>Choose a policy item to find the enterprises that qualify for it; export the list to Excel for visits and calls.</translation>
    </message>
    <message>
        <source>符合条件的企业</source>
        <translation>Qualifying enterprises</translation>
    </message>
    <message>
        <source>Enter 或双击：在窗口服务中打开这家企业</source>
        <translation>Enter or double-click: open this enterprise at the counter</translation>
    </message>
    <message>
        <source>{title}（{id}）</source>
        <translation>{title} ({id})</translation>
    </message>
    <message>
        <source>读取政策事项列表时出错：{error}</source>
        <translation>Could not read the list of policy items: {error}</translation>
    </message>
    <message>
        <source>请先输入政策事项的名称或编号</source>
        <translation>Enter a policy item&apos;s title or ID first</translation>
    </message>
    <message>
        <source>没有名称或编号含「{text}」的政策事项</source>
        <translation>No policy item&apos;s title or ID contains “{text}”</translation>
    </message>
    <message>
        <source>有 {count} 个事项与「{text}」相符，请从列表中选择一个</source>
        <translation>{count} items match “{text}”; choose one from the list</translation>
    </message>
    <message>
        <source>没有编号为 {id} 的政策事项</source>
        <translation>There is no policy item {id}</translation>
    </message>
    <message>
        <source>查找企业时出错：{error}</source>
        <translation>Could not find the enterprises: {error}</translation>
    </message>
    <message>
        <source>正在查找符合条件的企业……</source>
        <translation>Finding the enterprises that qualify…</translation>
    </message>
    <message>
        <source>「{title}」在 {as_of} 不在有效期内，没有符合条件的企业。</source>
        <translation>“{title}” is not in force on {as_of}: no enterprise qualifies.</translation>
    </message>
    <message>
        <source>截至 {as_of}，没有符合「{title}」条件的企业。</source>
        <translation>As of {as_of}, no enterprise qualifies for “{title}”.</translation>
    </message>
    <message>
        <source>截至 {as_of}，符合「{title}」条件的企业共 {total} 家；下表列出前 {shown} 家，导出 Excel 可得全部名单。</source>
        <translation>As of {as_of}, {total} enterprises qualify for “{title}”; the table lists the first {shown}, export to Excel for all of them.</translation>
    </message>
    <message>
        <source>截至 {as_of}，符合「{title}」条件的企业共 {total} 家。</source>
        <translation>As of {as_of}, {total} enterprises qualify for “{title}”.</translation>
    </message>
    <message>
        <source>导出符合条件的企业</source>
        <translation>Export the qualifying enterprises</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出，请稍候</source>
        <translation>Exporting, please wait</translation>
    </message>
    <message>
        <source>请先选择政策事项并查找到符合条件的企业，再导出</source>
        <translation>Choose a policy item and find the enterprises that qualify before exporting</translation>
    </message>
    <message>
        <source>正在导出到 {path}……</source>
        <translation>Exporting to {path}…</translation>
    </message>
    <message>
        <source>已导出 {count} 家企业到 {path}</source>
        <translation>Exported {count} enterprises to {path}</translation>
    </message>
    <message>
        <source>未导出：{reason}</source>
        <translation>Not exported: {reason}</translation>
    </message>
    <message>
        <source>导出失败：{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
</context>
<context>
    <name>PledgesModel</name>
    <message>
        <source>补交期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>待补材料</source>
        <translation>Material owed</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>受理号</source>
        <translation>Receipt no.</translation>
    </message>
    <message>
        <source>已逾期 {days} 天</source>
        <translation>{days} days overdue</translation>
    </message>
    <message>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <source>还剩 {days} 个工作日</source>
        <translation>{days} working days left</translation>
    </message>
</context>
<context>
    <name>PledgesPanel</name>
    <message>
        <source>待补正（容缺受理后待补交的材料，按期限排序）</source>
        <translation>Materials owed (accepted with materials to follow, by deadline)</translation>
    </message>
    <message>
        <source>待补正的容缺材料</source>
        <translation>Materials owed after acceptance</translation>
    </message>
    <message>
        <source>选中一行查看申请；Ctrl+Shift+M 收取这项补交材料</source>
        <translation>Select a row to see its application; Ctrl+Shift+M receives that material</translation>
    </message>
    <message>
        <source>收取补交材料… (Ctrl+Shift+M)</source>
        <translation>Receive material… (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>选择所选材料的扫描件，收取后该项不再待补；全部补齐即结清容缺承诺</source>
        <translation>Choose the scan of the selected material; once received it is no longer owed, and when all are in the pledge is settled</translation>
    </message>
    <message>
        <source>共 {count} 件申请待补正：3 个工作日内到期 {soon} 件，已逾期 {overdue} 件</source>
        <translation>{count} applications owe materials: {soon} due within 3 working days, {overdue} overdue</translation>
    </message>
    <message>
        <source>无法载入待补正的材料：{error}</source>
        <translation>Could not load the materials owed: {error}</translation>
    </message>
    <message>
        <source>选择「{material}」的扫描件</source>
        <translation>Choose the scan of “{material}”</translation>
    </message>
    <message>
        <source>材料文件 (*.pdf *.jpg *.jpeg *.png *.ofd)</source>
        <translation>Material files (*.pdf *.jpg *.jpeg *.png *.ofd)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>已收取「{material}」，容缺承诺已结清（{state}）</source>
        <translation>Received “{material}”; the pledge is settled ({state})</translation>
    </message>
    <message>
        <source>已收取「{material}」</source>
        <translation>Received “{material}”</translation>
    </message>
    <message>
        <source>无法收取「{material}」：{error}</source>
        <translation>Could not receive “{material}”: {error}</translation>
    </message>
</context>
<context>
    <name>PolicyItemText</name>
    <message>
        <source>长期有效</source>
        <translation>No time limit</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>按公式计算：</source>
        <translation>Calculated as: </translation>
    </message>
    <message>
        <source>无需提交材料。</source>
        <translation>No materials needed.</translation>
    </message>
    <message>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>是否必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>原件</source>
        <translation>Originals</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>必需</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>可选</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>同时满足以下全部条件：</source>
        <translation>All of the following:</translation>
    </message>
    <message>
        <source>满足以下任一条件：</source>
        <translation>Any of the following:</translation>
    </message>
    <message>
        <source>排除情形：</source>
        <translation>Excluded: </translation>
    </message>
    <message>
        <source>无特定条件。</source>
        <translation>No particular conditions.</translation>
    </message>
    <message>
        <source>常年受理</source>
        <translation>All year round</translation>
    </message>
    <message>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <source>可以：缺少材料时先受理，限期补齐</source>
        <translation>Yes: accepted with materials missing, to be supplied by a deadline</translation>
    </message>
    <message>
        <source>不可以：材料齐全方可受理</source>
        <translation>No: accepted only with every material</translation>
    </message>
    <message>
        <source>事项编号</source>
        <translation>Item ID</translation>
    </message>
    <message>
        <source>办理方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>主管部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>政策文件</source>
        <translation>Policy document</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Published</translation>
    </message>
    <message>
        <source>文件有效期</source>
        <translation>Document in force</translation>
    </message>
    <message>
        <source>事项有效期</source>
        <translation>Item in force</translation>
    </message>
    <message>
        <source>申报时间</source>
        <translation>Application period</translation>
    </message>
    <message>
        <source>承诺时限</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation>Accept with missing materials</translation>
    </message>
    <message>
        <source>补贴标准</source>
        <translation>Benefit</translation>
    </message>
    <message>
        <source>办理地点</source>
        <translation>Where to apply</translation>
    </message>
    <message>
        <source>申请条件</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>政策内容</source>
        <translation>Policy text</translation>
    </message>
</context>
<context>
    <name>PolicyMode</name>
    <message>
        <source>免申即享</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>网上申请</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>窗口申请</source>
        <translation>At the window</translation>
    </message>
</context>
<context>
    <name>PolicyPanel</name>
    <message>
        <source>为企业代办选中的事项（Enter、双击或 Ctrl+Enter）</source>
        <translation>Apply for the selected item on the enterprise&apos;s behalf (Enter, double-click or Ctrl+Enter)</translation>
    </message>
    <message>
        <source>申请 (Ctrl+Enter)</source>
        <translation>Apply (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>打印该企业可享政策、预计金额和申请材料的清单（Ctrl+Shift+P）</source>
        <translation>Print the list of the enterprise&apos;s policies, estimated amounts and materials (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>打印一企一策清单 (Ctrl+Shift+P)</source>
        <translation>Print policy checklist (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>选中一家企业后，这里列出它可以享受的政策：免申即享、可申请、需核实和差一项条件的事项，以及每项的判断依据。</source>
        <translation>Select an enterprise to list the policies it qualifies for here: automatic, can apply, to be checked and one condition short, each with the reasons.</translation>
    </message>
    <message>
        <source>可享受的政策事项</source>
        <translation>Policy items it qualifies for</translation>
    </message>
    <message>
        <source>→ 展开判断依据，← 收起；Enter 申请选中的事项</source>
        <translation>→ shows the reasons, ← hides them; Enter applies for the selected item</translation>
    </message>
    <message>
        <source>免申即享</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <source>正在匹配政策…</source>
        <translation>Matching policies…</translation>
    </message>
    <message>
        <source>正在匹配 {code} 可以享受的政策…</source>
        <translation>Matching the policies {code} qualifies for…</translation>
    </message>
    <message>
        <source>本地库中没有统一社会信用代码为 {code} 的企业，无法匹配政策。</source>
        <translation>There is no enterprise with credit code {code} in the local database; no policies can be matched.</translation>
    </message>
    <message>
        <source>匹配政策时出错：{error}。请稍后重试；如果一再出现，请联系管理员。</source>
        <translation>Matching policies failed: {error}. Please try again; if it keeps happening, contact the administrator.</translation>
    </message>
    <message>
        <source>按现有数据，该企业暂无符合条件的政策事项（有效期内的 {count} 项政策均不符合）。企业情况变化或补充部门数据后可重新匹配。</source>
        <translation>On the data at hand the enterprise qualifies for no policy item (none of the {count} items in force). Match again when its situation changes or departments add data.</translation>
    </message>
    <message>
        <source>暂无可直接享受的政策</source>
        <translation>No policy it can have now</translation>
    </message>
    <message>
        <source>可享 {count} 项（均为减免等非现金优惠或金额待核定）</source>
        <translation>{count} items (all non-cash benefits or not yet priced)</translation>
    </message>
    <message>
        <source>可享 {count} 项，预计 {amount}</source>
        <translation>{count} items, estimated {amount}</translation>
    </message>
    <message>
        <source>（另有 {count} 项为非现金优惠或金额待核定）</source>
        <translation> (plus {count} non-cash or not yet priced)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>；免申即享 {count} 项</source>
        <translation>; {count} automatic</translation>
    </message>
    <message>
        <source>；需核实 {count} 项</source>
        <translation>; {count} to be checked</translation>
    </message>
    <message>
        <source>（其中 {count} 项缺少全部关键信息，已折叠）</source>
        <translation> ({count} of them lack every key fact and are folded)</translation>
    </message>
    <message>
        <source>；差一项条件 {count} 项</source>
        <translation>; {count} one condition short</translation>
    </message>
    <message>
        <source>该企业已有此事项的在办申请{mark}，不能重复申请；按 Ctrl+Enter 再按 Enter 可打开它。</source>
        <translation>This enterprise already has an application in progress for this item {mark}; it cannot apply again. Press Ctrl+Enter, then Enter, to open it.</translation>
    </message>
    <message>
        <source>优惠内容：{text}</source>
        <translation>Benefit: {text}</translation>
    </message>
    <message>
        <source>上限：{cap}（{state}）</source>
        <translation>Cap: {cap} ({state})</translation>
    </message>
    <message>
        <source>办理地点：{where}</source>
        <translation>Where to apply: {where}</translation>
    </message>
    <message>
        <source>「{title}」是免申即享事项：数据显示企业符合条件，由{department}直接兑现，企业无需申请。</source>
        <translation>&quot;{title}&quot; is granted automatically: the data show the enterprise qualifies and {department} pays out directly; no application is needed.</translation>
    </message>
    <message>
        <source>主管部门</source>
        <translation>the department</translation>
    </message>
    <message>
        <source>「{title}」暂不能申请：{hint}条件满足、部门数据更新后再申请。</source>
        <translation>&quot;{title}&quot; cannot be applied for yet: {hint} Apply once the condition is met and the department&apos;s data are updated.</translation>
    </message>
    <message>
        <source>「{title}」不符合申请条件。</source>
        <translation>&quot;{title}&quot;: the enterprise does not meet the conditions.</translation>
    </message>
    <message>
        <source>「{title}」的申报时间为 {start} 至 {end}，今天不在申报期内。</source>
        <translation>Applications for &quot;{title}&quot; run from {start} to {end}; today is outside that period.</translation>
    </message>
    <message>
        <source>请先用 ↑ ↓ 选中要申请的事项。</source>
        <translation>First select the item to apply for with ↑ ↓.</translation>
    </message>
    <message>
        <source>该企业已有「{title}」的在办申请{mark}，不能重复申请。</source>
        <translation>This enterprise already has an application in progress for &quot;{title}&quot; {mark}; it cannot apply again.</translation>
    </message>
    <message>
        <source>已有在办申请</source>
        <translation>Application in progress</translation>
    </message>
    <message>
        <source>按 Enter 打开这份申请，Esc 返回。</source>
        <translation>Press Enter to open that application, Esc to go back.</translation>
    </message>
    <message>
        <source>打开在办申请 (Enter)</source>
        <translation>Open the application (Enter)</translation>
    </message>
    <message>
        <source>返回 (Esc)</source>
        <translation>Back (Esc)</translation>
    </message>
    <message>
        <source>请先选择企业，等政策匹配完成后再打印一企一策清单。</source>
        <translation>Select an enterprise first and print the checklist once its policies are matched.</translation>
    </message>
    <message>
        <source>正在生成一企一策清单…</source>
        <translation>Building the policy checklist…</translation>
    </message>
    <message>
        <source>一企一策清单已生成，正在打印…</source>
        <translation>Policy checklist built, printing…</translation>
    </message>
    <message>
        <source>生成一企一策清单失败：{error}</source>
        <translation>Building the policy checklist failed: {error}</translation>
    </message>
    <message>
        <source>一企一策清单已打印（{destination}）。</source>
        <translation>Policy checklist printed ({destination}).</translation>
    </message>
    <message>
        <source>一企一策清单打印失败：{error}</source>
        <translation>Printing the policy checklist failed: {error}</translation>
    </message>
</context>
<context>
    <name>PolicyTreeModel</name>
    <message>
        <source>免申即享（无需申请）</source>
        <translation>Granted automatically (no application)</translation>
    </message>
    <message>
        <source>可申请</source>
        <translation>Can apply</translation>
    </message>
    <message>
        <source>需核实</source>
        <translation>To be checked</translation>
    </message>
    <message>
        <source>差一项条件</source>
        <translation>One condition short</translation>
    </message>
    <message>
        <source>数据显示企业符合条件，由主管部门直接兑现，企业无需申请</source>
        <translation>The data show the enterprise qualifies; the department pays out directly, no application is needed</translation>
    </message>
    <message>
        <source>企业符合全部条件，可以现在代办申请</source>
        <translation>The enterprise meets every condition; you can apply on its behalf now</translation>
    </message>
    <message>
        <source>已知条件都符合，但缺少部分数据：请向企业核实标 ? 的条件</source>
        <translation>Every known condition is met but some data are missing: check the conditions marked ? with the enterprise</translation>
    </message>
    <message>
        <source>只差一项可以达到的条件（如人数、金额）；条件满足后即可申请</source>
        <translation>Short of one reachable condition (such as staff or an amount); it can apply once that is met</translation>
    </message>
    <message>
        <source>免申即享</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>网上申请</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>窗口申请</source>
        <translation>At the window</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>无数据，需核实</source>
        <translation>No data, to be checked</translation>
    </message>
    <message>
        <source>{amount} 万元</source>
        <translation>{amount} ×10k yuan</translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>以部门核定为准</source>
        <translation>As set by the department</translation>
    </message>
    <message>
        <source>{days} 个工作日</source>
        <translation>{days} working days</translation>
    </message>
    <message>
        <source>免申即享：由主管部门直接兑现，企业无需申请。</source>
        <translation>Automatic: the department pays out directly; the enterprise need not apply.</translation>
    </message>
    <message>
        <source>需向企业核实：{facts}。</source>
        <translation>Check with the enterprise: {facts}.</translation>
    </message>
    <message>
        <source>{condition}（实际 {actual}）</source>
        <translation>{condition} (actual {actual})</translation>
    </message>
    <message>
        <source>差一项条件：{conditions}。</source>
        <translation>One condition short: {conditions}.</translation>
    </message>
    <message>
        <source>符合全部条件，可以代办申请。</source>
        <translation>Meets every condition; you can apply on its behalf.</translation>
    </message>
    <message>
        <source>或{n}</source>
        <translation>or {n}</translation>
    </message>
    <message>
        <source>实际 {value}</source>
        <translation>actual {value}</translation>
    </message>
    <message>
        <source>依据 {clause}</source>
        <translation>per {clause}</translation>
    </message>
    <message>
        <source>另有 {count} 项缺少全部关键信息（已知数据无一支持），按 Ctrl+U 或点击展开</source>
        <translation>{count} more items lack every key fact (nothing known supports them): press Ctrl+U or click to show them</translation>
    </message>
    <message>
        <source>［在办·{status}］</source>
        <translation>[In progress · {status}] </translation>
    </message>
    <message>
        <source>［在办：{status}，回执 {receipt_no}］</source>
        <translation>[In progress: {status}, receipt {receipt_no}] </translation>
    </message>
    <message>
        <source>［在办：{status}，尚无回执］</source>
        <translation>[In progress: {status}, no receipt yet] </translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>预计金额</source>
        <translation>Estimated amount</translation>
    </message>
    <message>
        <source>办理方式</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <source>承诺时限</source>
        <translation>Promised time</translation>
    </message>
    <message>
        <source>{group}（{count} 项）</source>
        <translation>{group} ({count})</translation>
    </message>
    <message>
        <source>合计 {amount}</source>
        <translation>Total {amount}</translation>
    </message>
    <message>
        <source>这些事项的关键条件企业数据全部缺失，符合的可能性无从判断；需要时展开，向企业逐项核实</source>
        <translation>The enterprise&apos;s records hold none of these items&apos; key facts, so there is no telling whether it qualifies; show them when needed and check each with the enterprise</translation>
    </message>
    <message>
        <source>其中 {count} 项为减免等非现金优惠或金额待核定，未计入合计</source>
        <translation>{count} of them are non-cash benefits (such as reductions) or not yet priced and are not in the total</translation>
    </message>
    <message>
        <source>该企业已有此事项材料不全的申请，再次代办将补全它</source>
        <translation>This enterprise has an incomplete application for this item; applying again completes it</translation>
    </message>
    <message>
        <source>该企业已有此事项的在办申请，不能重复申请</source>
        <translation>This enterprise already has an application in progress for this item; it cannot apply again</translation>
    </message>
    <message>
        <source>预计金额，以主管部门审核为准</source>
        <translation>Estimate; the department&apos;s review decides</translation>
    </message>
    <message>
        <source>文号：{doc_no}</source>
        <translation>Document no.: {doc_no}</translation>
    </message>
    <message>
        <source>主管部门：{department}</source>
        <translation>Department: {department}</translation>
    </message>
    <message>
        <source>条件：{text}</source>
        <translation>Condition: {text}</translation>
    </message>
    <message>
        <source>实际值：{value}</source>
        <translation>Actual value: {value}</translation>
    </message>
    <message>
        <source>政策条款：{clause}</source>
        <translation>Policy clause: {clause}</translation>
    </message>
    <message>
        <source>结果：{result}</source>
        <translation>Result: {result}</translation>
    </message>
    <message>
        <source>标「或」的条件满足其中一组即可；同一组内的条件须全部满足</source>
        <translation>Conditions marked &quot;or&quot;: one group suffices; every condition within a group must be met</translation>
    </message>
</context>
<context>
    <name>QPrintPreviewDialog</name>
    <message>
        <source>Print</source>
        <translation>Print</translation>
    </message>
</context>
<context>
    <name>RatingDialog</name>
    <message>
        <source>服务评价</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>请您对本次服务作出评价</source>
        <translation>Please rate the service you received</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>请选择不满意的原因（可多选）：</source>
        <translation>Why were you dissatisfied? (choose one or more)</translation>
    </message>
    <message>
        <source>排队等候时间长</source>
        <translation>Long wait in the queue</translation>
    </message>
    <message>
        <source>办理时间长、效率低</source>
        <translation>Slow, inefficient handling</translation>
    </message>
    <message>
        <source>多次跑动</source>
        <translation>Had to come several times</translation>
    </message>
    <message>
        <source>材料要求不清楚或前后不一</source>
        <translation>Unclear or changing material requirements</translation>
    </message>
    <message>
        <source>服务态度不好</source>
        <translation>Unfriendly service</translation>
    </message>
    <message>
        <source>业务不熟练、解释不清</source>
        <translation>Staff unsure, explanations unclear</translation>
    </message>
    <message>
        <source>政策告知不清楚</source>
        <translation>Policy not explained clearly</translation>
    </message>
    <message>
        <source>系统或设备故障</source>
        <translation>System or equipment failure</translation>
    </message>
    <message>
        <source>其他（请在下方写明）</source>
        <translation>Other (please say below)</translation>
    </message>
    <message>
        <source>意见和建议（选填，最多 {n} 字）</source>
        <translation>Comments and suggestions (optional, at most {n} characters)</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <source>暂不评价</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>请先选择满意程度</source>
        <translation>Choose how satisfied you are first</translation>
    </message>
    <message>
        <source>请选择至少一项原因</source>
        <translation>Choose at least one reason</translation>
    </message>
    <message>
        <source>请写明意见</source>
        <translation>Please write your comment</translation>
    </message>
    <message>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>评价未能保存：{error}</source>
        <translation>The rating could not be saved: {error}</translation>
    </message>
</context>
<context>
    <name>RatingFiguresModel</name>
    <message>
        <source>{window} 号窗口</source>
        <translation>Window {window}</translation>
    </message>
    <message>
        <source>全大厅</source>
        <translation>Whole hall</translation>
    </message>
    <message>
        <source>窗口 · 人员</source>
        <translation>Window · clerk</translation>
    </message>
    <message>
        <source>评价数</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>满意率</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <source>待整改</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>RatingsPanel</name>
    <message>
        <source>好差评（按窗口、人员）与差评整改</source>
        <translation>Service ratings (by window and clerk) and follow-ups of poor ratings</translation>
    </message>
    <message>
        <source>好差评：按窗口和人员统计</source>
        <translation>Service ratings by window and clerk</translation>
    </message>
    <message>
        <source>差评整改列表</source>
        <translation>Follow-ups of poor ratings</translation>
    </message>
    <message>
        <source>整改情况：做了什么（大厅负责人填写）</source>
        <translation>Follow-up: what was done (the hall supervisor fills this in)</translation>
    </message>
    <message>
        <source>整改情况</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>办结整改</source>
        <translation>Close follow-up</translation>
    </message>
    <message>
        <source>差评整改（国办发〔2019〕51号：差评须在期限内整改并反馈）</source>
        <translation>Follow-ups of poor ratings (State Council Office 2019 No. 51: a poor rating must be followed up and answered by its deadline)</translation>
    </message>
    <message>
        <source>好差评统计出错：{error}</source>
        <translation>Error while counting ratings: {error}</translation>
    </message>
    <message>
        <source>只有大厅负责人可以办结差评整改</source>
        <translation>Only the hall supervisor can close a follow-up</translation>
    </message>
    <message>
        <source>办件 {number} 的整改已办结，同步后报中心</source>
        <translation>Follow-up of case {number} closed; it goes to the centre at the next sync</translation>
    </message>
</context>
<context>
    <name>RevealDialog</name>
    <message>
        <source>查看经办人完整信息</source>
        <translation>Show the agent in full</translation>
    </message>
    <message>
        <source>经办人的完整证件号码和手机号码是个人信息。请写明查看原因，并再次输入您的登录密码；查看人、时间、申请和原因都会记入审计日志。</source>
        <translation>The agent&apos;s full ID number and mobile number are personal data. Give the reason for viewing them and enter your log-in password again; who viewed them, when, for which application and why is recorded in the audit log.</translation>
    </message>
    <message>
        <source>申请</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>查看原因(&amp;R)</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>例如：经办人来窗口补交材料，核对身份</source>
        <translation>e.g. the agent brought the missing materials; checking who they are</translation>
    </message>
    <message>
        <source>登录密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请写明查看原因（至少 2 个字），它会记入审计日志</source>
        <translation>Give the reason for viewing (at least 2 characters); it goes into the audit log</translation>
    </message>
    <message>
        <source>请再次输入您的登录密码</source>
        <translation>Enter your log-in password again</translation>
    </message>
    <message>
        <source>正在核对…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>当前没有登录的窗口人员：请先登录</source>
        <translation>Nobody is logged in at this window: log in first</translation>
    </message>
    <message>
        <source>密码不正确，还可以再试 {n} 次</source>
        <translation>Wrong password; {n} attempts left</translation>
    </message>
    <message>
        <source>密码不正确</source>
        <translation>Wrong password</translation>
    </message>
    <message>
        <source>账号已锁定，请于 {time} 后再试</source>
        <translation>The account is locked; try again after {time}</translation>
    </message>
    <message>
        <source>查看时出错：{error}</source>
        <translation>Could not show the agent: {error}</translation>
    </message>
</context>
<context>
    <name>RulesDiffDialog</name>
    <message>
        <source>政策沙盘：导入前评估目录变化的影响</source>
        <translation>Policy sandbox: the impact of a catalogue change before importing it</translation>
    </message>
    <message>
        <source>选择新的政策目录文件（.yaml / .json）</source>
        <translation>Choose the new policy catalogue file (.yaml / .json)</translation>
    </message>
    <message>
        <source>新目录文件</source>
        <translation>New catalogue file</translation>
    </message>
    <message>
        <source>选择文件(&amp;O)…</source>
        <translation>Ch&amp;oose file…</translation>
    </message>
    <message>
        <source>按哪一天计算</source>
        <translation>As of which day</translation>
    </message>
    <message>
        <source>评估(&amp;E)</source>
        <translation>&amp;Evaluate</translation>
    </message>
    <message>
        <source>新目录</source>
        <translation>New catalogue</translation>
    </message>
    <message>
        <source>截至</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>事项的影响</source>
        <translation>Impact per item</translation>
    </message>
    <message>
        <source>目录检查结果</source>
        <translation>Catalogue check findings</translation>
    </message>
    <message>
        <source>目录检查（rules lint）</source>
        <translation>Catalogue check (rules lint)</translation>
    </message>
    <message>
        <source>选择政策目录文件</source>
        <translation>Choose a policy catalogue file</translation>
    </message>
    <message>
        <source>政策目录 (*.yaml *.yml *.json)</source>
        <translation>Policy catalogues (*.yaml *.yml *.json)</translation>
    </message>
    <message>
        <source>正在按本库全部企业计算影响，可能需要几十秒…</source>
        <translation>Working out the impact over every enterprise in the database; this may take tens of seconds…</translation>
    </message>
    <message>
        <source>没有发现问题</source>
        <translation>No problems found</translation>
    </message>
    <message>
        <source>{file} 有 {n} 处错误，无法导入，也无法评估影响：见下方检查结果</source>
        <translation>{file} has {n} errors: it cannot be imported and its impact cannot be assessed; see the findings below</translation>
    </message>
    <message>
        <source>新增 {added}、删去 {removed}、改动 {changed} 个事项（未变 {unchanged}）；新符合 {gain} 家次，不再符合 {lose} 家次；估算金额变化：{amounts}</source>
        <translation>{added} items added, {removed} removed, {changed} changed ({unchanged} unchanged); {gain} newly eligible, {lose} no longer eligible; estimated change in amounts: {amounts}</translation>
    </message>
    <message>
        <source>截至 {day}，按 {n} 家企业计算，用时 {s:.1f} 秒；目录检查：{errors} 个错误，{warnings} 个警告</source>
        <translation>As of {day}, over {n} enterprises, in {s:.1f} s; catalogue check: {errors} errors, {warnings} warnings</translation>
    </message>
    <message>
        <source>无法评估：{error}</source>
        <translation>Cannot assess: {error}</translation>
    </message>
</context>
<context>
    <name>RulesDiffModel</name>
    <message>
        <source>新增</source>
        <translation>Added</translation>
    </message>
    <message>
        <source>删去</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>改动</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>资金</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>减免</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>降费率</source>
        <translation>Rate cut</translation>
    </message>
    <message>
        <source>实物</source>
        <translation>In kind</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>事项编号</source>
        <translation>Item ID</translation>
    </message>
    <message>
        <source>事项名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>新符合（家）</source>
        <translation>Newly eligible</translation>
    </message>
    <message>
        <source>不再符合（家）</source>
        <translation>No longer eligible</translation>
    </message>
    <message>
        <source>估算金额变化（元）</source>
        <translation>Estimated change (yuan)</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>所在地</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>企业规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>中心服务器</source>
        <translation>Central server</translation>
    </message>
    <message>
        <source>服务器地址(&amp;S)：</source>
        <translation>&amp;Server address:</translation>
    </message>
    <message>
        <source>服务器证书(&amp;E)：</source>
        <translation>C&amp;ertificate:</translation>
    </message>
    <message>
        <source>只信任这个证书文件（PEM）：中心服务器自己的证书，或签发它的 CA。留空则按常用的 CA 核验（Alt+E）</source>
        <translation>Trust only this certificate file (PEM): the central server&apos;s own certificate or the CA that issues it. Leave empty to verify against the usual CAs (Alt+E)</translation>
    </message>
    <message>
        <source>修改后在下次登录时生效。</source>
        <translation>A change takes effect at the next log-in.</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>打印机(&amp;P)：</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>回执、告知单和清单打印到哪里（Alt+P）</source>
        <translation>Where receipts, notices and lists are printed (Alt+P)</translation>
    </message>
    <message>
        <source>PDF 文件(&amp;F)：</source>
        <translation>PDF &amp;file:</translation>
    </message>
    <message>
        <source>“打印到 PDF 文件”时写入的文件；每次打印都会覆盖它（Alt+F）</source>
        <translation>The file written when printing to a PDF file; each print overwrites it (Alt+F)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>中心服务器的网址，例如 https://10.15.2.8:8765；本机以外的服务器须用 https://（Alt+S）</source>
        <translation>The central server&apos;s address, for example https://10.15.2.8:8765; a server other than this computer needs https:// (Alt+S)</translation>
    </message>
    <message>
        <source>留空：按常用 CA 核验</source>
        <translation>Empty: verified against the usual CAs</translation>
    </message>
    <message>
        <source>以 http:// 连接本机以外的服务器时，密码和令牌会以明文经过网络：只在可信的内网测试时勾选。本机（127.0.0.1）不需要</source>
        <translation>Over http:// to a server other than this computer, the password and token cross the network in clear: tick this only for tests on a trusted network. This computer (127.0.0.1) does not need it</translation>
    </message>
    <message>
        <source>允许不加密的 http:// 连接（仅限可信内网测试）</source>
        <translation>Allow unencrypted http:// (trusted test networks only)</translation>
    </message>
    <message>
        <source>回执纸张：</source>
        <translation>Receipt paper:</translation>
    </message>
    <message>
        <source>受理回执和一次性告知单用 A4 纸（Alt+4）</source>
        <translation>Print acceptance receipts and missing-materials notices on A4 paper (Alt+4)</translation>
    </message>
    <message>
        <source>A4 纸(&amp;4)</source>
        <translation>A&amp;4 paper</translation>
    </message>
    <message>
        <source>受理回执和一次性告知单用 80 毫米热敏卷纸（Alt+8）；一企一策清单总是用 A4 纸</source>
        <translation>Print acceptance receipts and missing-materials notices on 80 mm thermal roll paper (Alt+8); the enterprise policy list always uses A4</translation>
    </message>
    <message>
        <source>80 mm 热敏卷纸(&amp;8)</source>
        <translation>&amp;80 mm thermal roll</translation>
    </message>
    <message>
        <source>打印前先显示预览（Alt+V）；窗口繁忙时可以关掉，直接打印</source>
        <translation>Show a preview before printing (Alt+V); turn it off to print at once when the counter is busy</translation>
    </message>
    <message>
        <source>打印前预览(&amp;V)</source>
        <translation>Pre&amp;view before printing</translation>
    </message>
    <message>
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>字体(&amp;O)：</source>
        <translation>F&amp;ont:</translation>
    </message>
    <message>
        <source>界面使用的字体（Alt+O）</source>
        <translation>The font of the interface (Alt+O)</translation>
    </message>
    <message>
        <source>字号(&amp;Z)：</source>
        <translation>Si&amp;ze:</translation>
    </message>
    <message>
        <source>界面文字的大小，8 到 24 磅（Alt+Z）</source>
        <translation>The size of the interface&apos;s text, 8 to 24 points (Alt+Z)</translation>
    </message>
    <message>
        <source> 磅</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>扫描仪</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>扫描文件夹(&amp;C)：</source>
        <translation>S&amp;canner folder:</translation>
    </message>
    <message>
        <source>扫描仪保存文件的文件夹；代办申请时从这里导入材料（Alt+C）</source>
        <translation>The folder the document scanner saves into; materials are imported from it when applying (Alt+C)</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>不用扫描仪时可以不填。</source>
        <translation>Leave empty if no scanner is used.</translation>
    </message>
    <message>
        <source>请填写中心服务器地址</source>
        <translation>Please enter the central server&apos;s address</translation>
    </message>
    <message>
        <source>中心服务器地址不能含有空格</source>
        <translation>The central server&apos;s address must not contain spaces</translation>
    </message>
    <message>
        <source>中心服务器地址应以 http:// 或 https:// 开头，例如 http://{example}</source>
        <translation>The central server&apos;s address must start with http:// or https://, for example http://{example}</translation>
    </message>
    <message>
        <source>中心服务器地址只能用 http:// 或 https://，不能用“{scheme}://”</source>
        <translation>The central server&apos;s address can only use http:// or https://, not “{scheme}://”</translation>
    </message>
    <message>
        <source>中心服务器地址缺少主机名（服务器的 IP 地址或域名）</source>
        <translation>The central server&apos;s address has no host name (the server&apos;s IP address or domain name)</translation>
    </message>
    <message>
        <source>中心服务器地址的主机名“{host}”无效</source>
        <translation>The central server&apos;s host name “{host}” is not valid</translation>
    </message>
    <message>
        <source>中心服务器地址的端口号“{port}”无效（应为 1–65535 的数字）</source>
        <translation>The central server&apos;s port “{port}” is not valid (it must be a number from 1 to 65535)</translation>
    </message>
    <message>
        <source>中心服务器地址不应含有“?”或“#”及其后的内容</source>
        <translation>The central server&apos;s address must not contain “?” or “#” or anything after them</translation>
    </message>
    <message>
        <source>本机以外的中心服务器须用 https:// 地址（http:// 会让密码和令牌以明文经过网络）；仅在可信内网测试时，才勾选“允许不加密的 http:// 连接”</source>
        <translation>A central server other than this computer needs an https:// address (over http:// the password and token cross the network in clear); tick “Allow unencrypted http://” only for tests on a trusted network</translation>
    </message>
    <message>
        <source>找不到服务器证书文件：{path}</source>
        <translation>Certificate file not found: {path}</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>设置项</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>系统默认打印机</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <source>打印到 PDF 文件…</source>
        <translation>Print to PDF file…</translation>
    </message>
    <message>
        <source>{name}（未连接）</source>
        <translation>{name} (not connected)</translation>
    </message>
    <message>
        <source>按“确定”后改用这个地址：下次登录（和登录后的同步）连接它；现在仍连接 {old}。</source>
        <translation>After OK this address is used: the next log-in (and the syncs after it) connect to it; until then {old} stays in use.</translation>
    </message>
    <message>
        <source>这是本窗口正在连接的服务器。改动地址并按“确定”后，下次登录时生效。</source>
        <translation>This is the server this window is connected to. A changed address takes effect at the next log-in after OK.</translation>
    </message>
    <message>
        <source>打印到 PDF 文件</source>
        <translation>Print to PDF file</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>服务器证书</source>
        <translation>Server certificate</translation>
    </message>
    <message>
        <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <source>扫描文件夹</source>
        <translation>Scanner folder</translation>
    </message>
    <message>
        <source>选择了“打印到 PDF 文件”，请填写 PDF 文件的保存位置</source>
        <translation>“Print to PDF file” is selected: please enter where to save the PDF file</translation>
    </message>
    <message>
        <source>“{path}”是文件夹，请填写 PDF 文件名</source>
        <translation>“{path}” is a folder: please enter a PDF file name</translation>
    </message>
    <message>
        <source>PDF 文件所在的文件夹不存在：{folder}</source>
        <translation>The PDF file&apos;s folder does not exist: {folder}</translation>
    </message>
    <message>
        <source>扫描文件夹不存在：{path}</source>
        <translation>The scanner folder does not exist: {path}</translation>
    </message>
</context>
<context>
    <name>ShortcutHelp</name>
    <message>
        <source>工作台</source>
        <translation>Workspace</translation>
    </message>
    <message>
        <source>结果列表 ↔ 查找框</source>
        <translation>Result list ↔ search box</translation>
    </message>
    <message>
        <source>展开/收起“为什么”</source>
        <translation>Open/close the &apos;why&apos;</translation>
    </message>
    <message>
        <source>代办政策清单中选中的事项</source>
        <translation>Apply for the item selected in the policy list</translation>
    </message>
    <message>
        <source>打印一企一策清单</source>
        <translation>Print the enterprise&apos;s policy list</translation>
    </message>
    <message>
        <source>展开/折叠缺少全部关键信息的需核实事项</source>
        <translation>Show/fold the items to check that lack every key fact</translation>
    </message>
    <message>
        <source>企业卡上的草稿：继续填写 / 放弃</source>
        <translation>A draft on the card: continue / discard</translation>
    </message>
    <message>
        <source>代办申请</source>
        <translation>Apply on behalf</translation>
    </message>
    <message>
        <source>全部材料标为已收取</source>
        <translation>Mark all materials as received</translation>
    </message>
    <message>
        <source>勾选/取消当前材料</source>
        <translation>Tick/untick the current material</translation>
    </message>
    <message>
        <source>为选中的材料添加附件</source>
        <translation>Attach a file to the selected material</translation>
    </message>
    <message>
        <source>从扫描仪文件夹导入</source>
        <translation>Import from the scanner folder</translation>
    </message>
    <message>
        <source>用高拍仪拍摄选中的材料</source>
        <translation>Photograph the selected material with the document camera</translation>
    </message>
    <message>
        <source>读取阅读器上的身份证（经办人页）</source>
        <translation>Read the ID card on the reader (agent page)</translation>
    </message>
    <message>
        <source>移除选中材料的附件</source>
        <translation>Remove the selected material&apos;s attachment</translation>
    </message>
    <message>
        <source>下一步 / 受理 / 完成</source>
        <translation>Next / accept / finish</translation>
    </message>
    <message>
        <source>打印受理回执（材料不全时打印告知单）</source>
        <translation>Print the receipt (the notice when materials are missing)</translation>
    </message>
    <message>
        <source>打印一次性告知单</source>
        <translation>Print the one-time notice</translation>
    </message>
    <message>
        <source>打印已填好的授权委托书（核对页）</source>
        <translation>Print the filled-in letter of authorisation (review page)</translation>
    </message>
    <message>
        <source>打印容缺受理承诺书（完成页）</source>
        <translation>Print the pledge for missing materials (done page)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>关闭预览，不打印</source>
        <translation>Close the preview without printing</translation>
    </message>
    <message>
        <source>申请记录</source>
        <translation>Applications</translation>
    </message>
    <message>
        <source>筛选申请</source>
        <translation>Filter applications</translation>
    </message>
    <message>
        <source>刷新列表</source>
        <translation>Refresh the list</translation>
    </message>
    <message>
        <source>草稿：继续填写 / 放弃</source>
        <translation>Drafts: continue / discard</translation>
    </message>
    <message>
        <source>补打受理回执</source>
        <translation>Reprint the receipt</translation>
    </message>
    <message>
        <source>在工作台打开这家企业</source>
        <translation>Open this enterprise in the workspace</translation>
    </message>
    <message>
        <source>撤回申请</source>
        <translation>Withdraw the application</translation>
    </message>
    <message>
        <source>查看经办人完整信息</source>
        <translation>Show the agent in full</translation>
    </message>
    <message>
        <source>待补正：收取所选的补交材料</source>
        <translation>Materials owed: receive the selected material</translation>
    </message>
    <message>
        <source>政策目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>查找政策</source>
        <translation>Find a policy</translation>
    </message>
    <message>
        <source>查找符合此事项的企业</source>
        <translation>Find enterprises qualifying for this item</translation>
    </message>
    <message>
        <source>政策找企业</source>
        <translation>Outreach</translation>
    </message>
    <message>
        <source>选择政策事项</source>
        <translation>Choose a policy item</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>快捷键一览</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keys</translation>
    </message>
</context>
<context>
    <name>SizeClass</name>
    <message>
        <source>大型</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>中型</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>小型</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>微型</source>
        <translation>Micro</translation>
    </message>
</context>
<context>
    <name>StatisticsRoom</name>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>统计期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>今天（北京时间）受理或新建的申请（Alt+D）</source>
        <translation>Applications accepted or created today, Beijing time (Alt+D)</translation>
    </message>
    <message>
        <source>今天(&amp;D)</source>
        <translation>To&amp;day</translation>
    </message>
    <message>
        <source>本月（北京时间）受理或新建的申请（Alt+M）</source>
        <translation>Applications accepted or created this month, Beijing time (Alt+M)</translation>
    </message>
    <message>
        <source>本月(&amp;M)</source>
        <translation>This &amp;month</translation>
    </message>
    <message>
        <source>重新统计（Alt+R）</source>
        <translation>Count again (Alt+R)</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>统计图表</source>
        <translation>Statistics charts</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <source>预计兑现金额</source>
        <translation>Estimated payout</translation>
    </message>
    <message>
        <source>按政策事项</source>
        <translation>By policy item</translation>
    </message>
    <message>
        <source>按政策事项统计的申请件数</source>
        <translation>Applications by policy item</translation>
    </message>
    <message>
        <source>按办理状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <source>按办理状态统计的申请件数</source>
        <translation>Applications by status</translation>
    </message>
    <message>
        <source>按主管部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>按主管部门统计的申请件数</source>
        <translation>Applications by department</translation>
    </message>
    <message>
        <source>免申即享覆盖（本地企业库）</source>
        <translation>No-application reach (local enterprise database)</translation>
    </message>
    <message>
        <source>免申即享覆盖的计算进度</source>
        <translation>Progress of working out the no-application reach</translation>
    </message>
    <message>
        <source>各免申即享事项可覆盖的企业数</source>
        <translation>Enterprises each no-application item reaches</translation>
    </message>
    <message>
        <source>统计未完成</source>
        <translation>Statistics not complete</translation>
    </message>
    <message>
        <source>统计时出错：{error}。请按“刷新”重试；如果一再出现，请联系系统管理员。</source>
        <translation>Error while counting: {error}. Press “Refresh” to try again; if it keeps happening, contact the system administrator.</translation>
    </message>
    <message>
        <source>{first} 至 {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <source>统计期间：{span}（北京时间），数据截至 {time}</source>
        <translation>Period: {span} (Beijing time), data as of {time}</translation>
    </message>
    <message>
        <source>{count} 件</source>
        <translation>{count}</translation>
    </message>
    <message>
        <source>本期新建或受理的申请共 {total} 件</source>
        <translation>{total} applications created or accepted in this period</translation>
    </message>
    <message>
        <source>材料不齐、尚未受理的申请</source>
        <translation>Applications with missing materials, not yet accepted</translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>本期受理、尚未撤回或驳回的申请；另有 {count} 件暂无金额（待核定或为减免类政策）</source>
        <translation>Applications accepted in this period and not withdrawn or rejected; {count} more have no amount yet (to be assessed, or a tax reduction)</translation>
    </message>
    <message>
        <source>本期受理、尚未撤回或驳回的申请</source>
        <translation>Applications accepted in this period and not withdrawn or rejected</translation>
    </message>
    <message>
        <source>；非现金：</source>
        <translation>; not cash: </translation>
    </message>
    <message>
        <source>（目录中已无此事项：{item}）</source>
        <translation>(item no longer in the catalogue: {item})</translation>
    </message>
    <message>
        <source>{title}
事项编号：{item}
主管部门：{department}
{count}</source>
        <translation>{title}
Item: {item}
Department: {department}
{count}</translation>
    </message>
    <message>
        <source>其他 {count} 个事项</source>
        <translation>{count} other items</translation>
    </message>
    <message>
        <source>（目录中已无此事项）</source>
        <translation>(item no longer in the catalogue)</translation>
    </message>
    <message>
        <source>其他 {count} 个部门</source>
        <translation>{count} other departments</translation>
    </message>
    <message>
        <source>正在计算免申即享政策对本地企业库的覆盖情况…</source>
        <translation>Working out how far the no-application policies reach into the local enterprise database…</translation>
    </message>
    <message>
        <source>%v / %m 步</source>
        <translation>step %v of %m</translation>
    </message>
    <message>
        <source>本地企业库 {total} 家企业中，{reached} 家（{share}）至少可享受 1 项免申即享政策；在有效期内的免申即享事项 {items} 个（截至 {date}）。</source>
        <translation>Of the {total} enterprises in the local database, {reached} ({share}) qualify for at least one no-application policy; {items} no-application items are in force (as of {date}).</translation>
    </message>
    <message>
        <source>{count} 家（{share}）</source>
        <translation>{count} ({share})</translation>
    </message>
    <message>
        <source>{title}
事项编号：{item}
主管部门：{department}
可覆盖 {value}</source>
        <translation>{title}
Item: {item}
Department: {department}
Reaches {value}</translation>
    </message>
    <message>
        <source>图中列出覆盖企业最多的 {shown} 个事项，共 {count} 个。</source>
        <translation>The chart shows the {shown} items that reach the most enterprises, of {count}.</translation>
    </message>
    <message>
        <source>有 {count} 个事项在本地企业库中没有符合条件的企业。</source>
        <translation>{count} items have no qualifying enterprise in the local database.</translation>
    </message>
    <message>
        <source>覆盖情况的计算已停止；按“刷新”重新计算。</source>
        <translation>Working out the reach was stopped; press “Refresh” to start again.</translation>
    </message>
    <message>
        <source>计算免申即享覆盖时出错：{error}</source>
        <translation>Error while working out the no-application reach: {error}</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>导出诊断信息…</source>
        <translation>Export diagnostics…</translation>
    </message>
    <message>
        <source>导出诊断信息</source>
        <translation>Export diagnostics</translation>
    </message>
    <message>
        <source>Zip 文件 (*.zip)</source>
        <translation>Zip files (*.zip)</translation>
    </message>
    <message>
        <source>诊断信息已导出到 {path}（不含个人信息和密钥）</source>
        <translation>Diagnostics exported to {path} (no personal data, no keys)</translation>
    </message>
    <message>
        <source>诊断信息未能导出：{error}</source>
        <translation>Diagnostics could not be exported: {error}</translation>
    </message>
    <message>
        <source>新版本 {v} 已下载并核验，下次启动政策快享时安装</source>
        <translation>Version {v} has been downloaded and verified; it is installed the next time the app starts</translation>
    </message>
    <message>
        <source>新版本 {v} 可用：本机的安装须由管理员更新，请告知县里的运维人员</source>
        <translation>Version {v} is available: this installation must be updated by an administrator; please tell the county&apos;s IT staff</translation>
    </message>
    <message>
        <source>新版本 {v} 不能从本机的版本直接升级：请联系管理员重新安装</source>
        <translation>Version {v} cannot be installed over this version: please ask an administrator to reinstall</translation>
    </message>
    <message>
        <source>新版本 {v} 可用（开发安装：请用 pip 更新）</source>
        <translation>Version {v} is available (developer install: update with pip)</translation>
    </message>
    <message>
        <source>新版本 {v} 正在下载</source>
        <translation>Downloading version {v}</translation>
    </message>
</context>
<context>
    <name>SyncHistoryModel</name>
    <message>
        <source>事实项</source>
        <translation>facts</translation>
    </message>
    <message>
        <source>政策事项</source>
        <translation>policy items</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>enterprises</translation>
    </message>
    <message>
        <source>申请状态</source>
        <translation>application statuses</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>ratings</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>上传</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>下载{stream}</source>
        <translation>Downloaded {stream}</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>{count} 条记录未能处理：{ref}：{reason}</source>
        <translation>{count} records could not be processed: {ref}: {reason}</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>未完成（{reason}）</source>
        <translation>Not complete ({reason})</translation>
    </message>
</context>
<context>
    <name>SyncRoom</name>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>重新读取待上传的记录（Alt+R）</source>
        <translation>Read the records waiting to upload again (Alt+R)</translation>
    </message>
    <message>
        <source>刷新列表(&amp;R)</source>
        <translation>&amp;Refresh list</translation>
    </message>
    <message>
        <source>马上与中心服务器同步一轮：先上传本机的记录，再下载更新（F5）</source>
        <translation>Sync with the central server now: upload this computer&apos;s records, then download updates (F5)</translation>
    </message>
    <message>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>本机没有连接中心服务器（演示模式，或尚未联网登录），不会同步。联网登录后，这里显示同步情况；本机的申请都已保存，登录后会自动上传。</source>
        <translation>This computer is not connected to a central server (demo mode, or not logged in online), so it does not sync. After an online log-in the sync state shows here; this computer&apos;s applications are all saved and are uploaded automatically after logging in.</translation>
    </message>
    <message>
        <source>中心服务器：</source>
        <translation>Central server:</translation>
    </message>
    <message>
        <source>连接状态：</source>
        <translation>Connection:</translation>
    </message>
    <message>
        <source>待上传：</source>
        <translation>Waiting to upload:</translation>
    </message>
    <message>
        <source>上次成功同步：</source>
        <translation>Last successful sync:</translation>
    </message>
    <message>
        <source>最近错误：</source>
        <translation>Last error:</translation>
    </message>
    <message>
        <source>待上传和需处理的记录</source>
        <translation>Records waiting to upload or needing attention</translation>
    </message>
    <message>
        <source>本次启动以来的同步</source>
        <translation>Syncs since the client started</translation>
    </message>
    <message>
        <source>没有连接中心服务器，无法同步：请先联网登录。</source>
        <translation>Not connected to a central server, so no sync: please log in online first.</translation>
    </message>
    <message>
        <source>中心服务器要求重新登录：请点状态栏的“重新登录”，登录后会自动同步。</source>
        <translation>The central server wants a new log-in: click “Log in again” in the status bar; sync resumes after logging in.</translation>
    </message>
    <message>
        <source>正在同步，请稍候。</source>
        <translation>Syncing, please wait.</translation>
    </message>
    <message>
        <source>未设置</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>不同步</source>
        <translation>Not syncing</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>{pending} 条；另有 {trouble} 条需处理（冲突、被拒或上传失败）</source>
        <translation>{pending}; {trouble} more need attention (conflict, refused or upload failed)</translation>
    </message>
    <message>
        <source>{pending} 条</source>
        <translation>{pending}</translation>
    </message>
    <message>
        <source>{time}（上次下载更新的时间）</source>
        <translation>{time} (when updates were last downloaded)</translation>
    </message>
    <message>
        <source>本机尚未同步过</source>
        <translation>This computer has never synced</translation>
    </message>
    <message>
        <source>只列出前 {shown} 条，共 {total} 条。</source>
        <translation>Only the first {shown} of {total} are listed.</translation>
    </message>
    <message>
        <source>没有待上传的记录：本机的申请都已上传到中心服务器。</source>
        <translation>Nothing waiting to upload: every application of this computer is on the central server.</translation>
    </message>
    <message>
        <source>读取待上传的记录时出错：{error}</source>
        <translation>Error reading the records waiting to upload: {error}</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <source>未上传</source>
        <translation>Not uploaded</translation>
    </message>
    <message>
        <source>待上传</source>
        <translation>Queued</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>冲突，须处理</source>
        <translation>Conflict: needs attention</translation>
    </message>
    <message>
        <source>平台拒收</source>
        <translation>Refused by the platform</translation>
    </message>
    <message>
        <source>上传失败</source>
        <translation>Upload failed</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>重新登录</source>
        <translation>Log in again</translation>
    </message>
    <message>
        <source>{count} 条记录未能处理：{ref}：{reason}</source>
        <translation>{count} record(s) could not be processed: {ref}: {reason}</translation>
    </message>
    <message>
        <source>需要重新登录</source>
        <translation>log-in required</translation>
    </message>
    <message>
        <source>没有权限</source>
        <translation>not permitted</translation>
    </message>
    <message>
        <source>协议错误</source>
        <translation>protocol error</translation>
    </message>
    <message>
        <source>网络不通</source>
        <translation>network unreachable</translation>
    </message>
    <message>
        <source>服务器繁忙</source>
        <translation>server busy</translation>
    </message>
    <message>
        <source>配置错误</source>
        <translation>configuration error</translation>
    </message>
    <message>
        <source>另一轮同步正在进行</source>
        <translation>another sync round is running</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>program error</translation>
    </message>
    <message>
        <source>同步未完成（{reason}）：{message}</source>
        <translation>Sync incomplete ({reason}): {message}</translation>
    </message>
    <message>
        <source>同步未完成（{reason}）</source>
        <translation>Sync incomplete ({reason})</translation>
    </message>
    <message>
        <source>请重新登录</source>
        <translation>Please log in again</translation>
    </message>
    <message>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>未同步</source>
        <translation>Not synced</translation>
    </message>
    <message>
        <source>待上传 {count} 条</source>
        <translation>{count} waiting to upload</translation>
    </message>
    <message>
        <source>上次同步 {time}</source>
        <translation>Last sync {time}</translation>
    </message>
</context>
<context>
    <name>SyncStop</name>
    <message>
        <source>需要重新登录</source>
        <translation>log-in needed</translation>
    </message>
    <message>
        <source>没有权限</source>
        <translation>not permitted</translation>
    </message>
    <message>
        <source>协议错误</source>
        <translation>protocol error</translation>
    </message>
    <message>
        <source>网络不通</source>
        <translation>network unreachable</translation>
    </message>
    <message>
        <source>服务器繁忙</source>
        <translation>server busy</translation>
    </message>
    <message>
        <source>配置错误</source>
        <translation>configuration error</translation>
    </message>
    <message>
        <source>另一轮同步正在进行</source>
        <translation>another sync is running</translation>
    </message>
    <message>
        <source>程序错误</source>
        <translation>program error</translation>
    </message>
    <message>
        <source>同步未完成（{reason}）：{message}</source>
        <translation>Sync not complete ({reason}): {message}</translation>
    </message>
    <message>
        <source>同步未完成（{reason}）</source>
        <translation>Sync not complete ({reason})</translation>
    </message>
</context>
<context>
    <name>TextScaler</name>
    <message>
        <source>放大文字</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>缩小文字</source>
        <translation>Smaller text</translation>
    </message>
    <message>
        <source>文字恢复默认大小</source>
        <translation>Default text size</translation>
    </message>
</context>
<context>
    <name>WizardDevices</name>
    <message>
        <source>把经办人的身份证放在阅读器上，姓名和身份证号码自动填入（或按 F4 读取）；手机号码请询问后填写。</source>
        <translation>Place the agent&apos;s ID card on the reader: the name and ID number are filled in (or press F4); ask for the mobile number and type it.</translation>
    </message>
    <message>
        <source>把经办人的身份证放在阅读器上，按 F4 读取。</source>
        <translation>Place the agent&apos;s ID card on the reader and press F4.</translation>
    </message>
    <message>
        <source>未启用身份证阅读器：请手工填写（「设置 → 设备」中可选择阅读器）。</source>
        <translation>No ID card reader: type the details (choose a reader in Settings → Devices).</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>未启用身份证阅读器：请手工填写</source>
        <translation>No ID card reader: type the details</translation>
    </message>
    <message>
        <source>正在读取身份证…</source>
        <translation>Reading the ID card…</translation>
    </message>
    <message>
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>{name}&#x3000;{sex}&#x3000;{nation}族
出生 {birth}
住址 {address}
签发机关 {authority}
有效期限 {validity}</source>
        <translation>{name}&#x3000;{sex}&#x3000;{nation}
Born {birth}
Address {address}
Issued by {authority}
Valid {validity}</translation>
    </message>
    <message>
        <source>已读取身份证（{time}）：请核对照片与本人是否一致</source>
        <translation>ID card read ({time}): check the photo against the person</translation>
    </message>
    <message>
        <source>未启用高拍仪：可用「添加附件」或「从扫描仪导入」</source>
        <translation>No document camera: use “Add attachment” or “Import from scanner”</translation>
    </message>
    <message>
        <source>请先选中要拍摄的那一项材料（一次一项）</source>
        <translation>Select the material to photograph first (one at a time)</translation>
    </message>
    <message>
        <source>高拍仪拍摄 {time}.jpg</source>
        <translation>Camera {time}.jpg</translation>
    </message>
    <message>
        <source>正在拍摄「{name}」…</source>
        <translation>Photographing “{name}”…</translation>
    </message>
</context>
<context>
    <name>WorkspaceRoom</name>
    <message>
        <source>查找企业 (F2)</source>
        <translation>Find enterprise (F2)</translation>
    </message>
    <message>
        <source>可输入或扫描统一社会信用代码、营业执照二维码，也可输入企业名称的一部分、拼音首字母或法定代表人姓名（F2）</source>
        <translation>Type or scan a unified social credit code or a business licence QR code, or type part of the name, its pinyin initials or the legal representative&apos;s name (F2)</translation>
    </message>
    <message>
        <source>输入统一社会信用代码、企业名称、拼音首字母或法定代表人</source>
        <translation>Credit code, enterprise name, pinyin initials or legal representative</translation>
    </message>
    <message>
        <source>查找结果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>正在向中心核验电子营业执照…</source>
        <translation>Asking the central server to verify the electronic business licence…</translation>
    </message>
    <message>
        <source>本地库中没有统一社会信用代码为 {code} 的企业（代码本身无误）。请核对营业执照上的代码；新登记的企业要在同步后才查得到。</source>
        <translation>No enterprise with the unified social credit code {code} is in the local database (the code itself is valid). Check the code on the business licence; newly registered enterprises appear after a sync.</translation>
    </message>
    <message>
        <source>没有找到与“{query}”相符的企业。可以换用名称中的其他字、拼音首字母或法定代表人姓名再试。</source>
        <translation>No enterprise matches “{query}”. Try other characters of the name, its pinyin initials or the legal representative&apos;s name.</translation>
    </message>
    <message>
        <source>显示前 {count} 家企业，请输入更多内容缩小范围</source>
        <translation>Showing the first {count} enterprises; type more to narrow the search</translation>
    </message>
    <message>
        <source>找到 {count} 家企业</source>
        <translation>{count} enterprises found</translation>
    </message>
    <message>
        <source>查找时出错：{error}。请重试；如果一再出现，请联系系统管理员。</source>
        <translation>The search failed: {error}. Please try again; if it keeps happening, contact your system administrator.</translation>
    </message>
    <message>
        <source>没有找到统一社会信用代码为 {code} 的企业记录，请重新查找。</source>
        <translation>There is no record of an enterprise with credit code {code}; please search again.</translation>
    </message>
    <message>
        <source>读取企业信息时出错：{error}</source>
        <translation>Reading the enterprise&apos;s details failed: {error}</translation>
    </message>
    <message>
        <source>请先打开企业，并在政策清单（F3）中选中要代办的事项。</source>
        <translation>Open an enterprise first and select the item to apply for in the policy list (F3).</translation>
    </message>
    <message>
        <source>请先打开企业，再代办申请。</source>
        <translation>Open an enterprise before applying on its behalf.</translation>
    </message>
    <message>
        <source>无法打开草稿：{error}</source>
        <translation>Cannot open the draft: {error}</translation>
    </message>
    <message>
        <source>草稿已放弃。</source>
        <translation>Draft discarded.</translation>
    </message>
    <message>
        <source>无法放弃草稿：{error}</source>
        <translation>Cannot discard the draft: {error}</translation>
    </message>
    <message>
        <source>请先打开企业，再打印一企一策清单。</source>
        <translation>Open an enterprise before printing its policy list.</translation>
    </message>
</context>
</TS>
