<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
        <source>正在准备演示数据（{count} 家企业），请稍候；完成后即可查找。</source>
        <translation>Preparing the demo data ({count} enterprises), please wait; searching starts when it is done.</translation>
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
    <name>EnterpriseCard</name>
    <message>
        <source>在上方输入统一社会信用代码、企业名称、拼音首字母或法定代表人查找企业；选中一家企业后，这里显示它的信息。</source>
        <translation>Find an enterprise above by its unified social credit code, name, pinyin initials or legal representative; select one to see its details here.</translation>
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
        <source>请填写用户名和密码</source>
        <translation>Please enter user name and password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Logging in…</translation>
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
        <source>无法连接中心服务器：{reason}</source>
        <translation>Cannot reach the central server: {reason}</translation>
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
        <source>可输入或扫描统一社会信用代码、营业执照二维码，也可输入企业名称的一部分、拼音首字母或法定代表人姓名（F2）</source>
        <translation>Type or scan a unified social credit code or a business licence QR code, or type part of the name, its pinyin initials or the legal representative&apos;s name (F2)</translation>
    </message>
    <message>
        <source>输入统一社会信用代码、企业名称、拼音首字母或法定代表人</source>
        <translation>Credit code, enterprise name, pinyin initials or legal representative</translation>
    </message>
    <message>
        <source>准备数据时出错：{error}</source>
        <translation>Preparing the data failed: {error}</translation>
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
        <source>后台任务出错：{error}</source>
        <translation>A background task failed: {error}</translation>
    </message>
    <message>
        <source>没有找到统一社会信用代码为 {code} 的企业记录，请重新查找。</source>
        <translation>There is no record of an enterprise with credit code {code}; please search again.</translation>
    </message>
    <message>
        <source>读取企业信息时出错：{error}</source>
        <translation>Reading the enterprise&apos;s details failed: {error}</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <source>%1 万元</source>
        <translation>%1 × 10k yuan</translation>
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
</TS>
