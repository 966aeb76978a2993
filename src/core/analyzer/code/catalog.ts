/**
 * What library calls do, as data: per qualified name (`shutil.rmtree`, `fs.rmSync`,
 * `pathlib.Path.unlink`), the command with the same effect or the kind of effect. A call to a
 * module that is neither here nor pure is "opaque" (judged like an unknown script: medium).
 *
 * `like` tokens: a literal word; `$0`… a positional argument (`$0?`: left out when absent);
 * `$self` the receiver; `-r?recursive` the flag when that option is true; `$octal1` argument 1 as
 * an octal mode (os.chmod(p, 0o777) → 777).
 */
import type { CodeLanguage } from './types.js';

export type Effect =
  | { like: readonly string[] }
  /** Runs the shell text in this positional argument. */
  | { shell: number }
  /** Runs an argv: a list at `at` ('list'), a program at `at` then a list ('cmd+list'), or every positional from `at` ('varargs'). */
  | { exec: 'list' | 'cmd+list' | 'varargs'; at: number }
  /** subprocess.* (list → argv; text with shell=True → shell; text → a program name) and node's spawn (cmd, args, {shell}). */
  | { spawn: CodeLanguage }
  /** open(path, mode): writes with w/a/x/+, else reads. */
  | { open: true }
  /** An HTTP request: a fixed method, or `arg0` / the `method` option. */
  | { http: string }
  /** A connection or server of this kind (judged as the command). */
  | { socket: readonly string[] }
  /** Runs code of this language given as a literal (`exec('…')`, `eval('…')`): analysed in turn. */
  | { code: CodeLanguage; at: number }
  /** Turns a literal into a name (`__import__('os')`, `getattr(os, 'system')`); non-literal → dynamic. */
  | { resolve: 'module' | 'attribute' }
  | { dynamic: string }
  /** Computes or writes locally through a library (low). */
  | { local: true }
  /** Creates an object of a class whose methods are listed here as `Class.method`. */
  | { construct: true }
  | { safe: true };

type Table = Record<string, Effect>;

const all = (names: readonly string[], effect: Effect): Table =>
  Object.fromEntries(names.map((n) => [n, effect]));

// prettier-ignore
const PYTHON: Table = {
  ...all(['os.remove', 'os.unlink'], { like: ['rm', '$0'] }),
  ...all(['os.rmdir'], { like: ['rmdir', '$0'] }),
  ...all(['os.removedirs'], { like: ['rmdir', '-p', '$0'] }),
  ...all(['shutil.rmtree'], { like: ['rm', '-r', '$0'] }),
  ...all(['pathlib.Path.unlink'], { like: ['rm', '$self'] }),
  ...all(['pathlib.Path.rmdir'], { like: ['rmdir', '$self'] }),
  ...all(['shutil.move', 'os.rename', 'os.replace', 'os.renames'], { like: ['mv', '$0', '$1'] }),
  ...all(['pathlib.Path.rename', 'pathlib.Path.replace'], { like: ['mv', '$self', '$0'] }),
  ...all(['shutil.copy', 'shutil.copy2', 'shutil.copyfile'], { like: ['cp', '$0', '$1'] }),
  ...all(['shutil.copytree'], { like: ['cp', '-r', '$0', '$1'] }),
  ...all(['os.symlink', 'os.link'], { like: ['ln', '-s', '$0', '$1'] }),
  ...all(['pathlib.Path.symlink_to'], { like: ['ln', '-s', '$0', '$self'] }),
  ...all(['os.chmod', 'os.lchmod'], { like: ['chmod', '$octal1', '$0'] }),
  ...all(['pathlib.Path.chmod'], { like: ['chmod', '$octal0', '$self'] }),
  ...all(['os.chown', 'os.lchown', 'shutil.chown'], { like: ['chown', '$1', '$0'] }),
  ...all(['os.mkdir', 'os.makedirs'], { like: ['mkdir', '-p', '$0'] }),
  ...all(['pathlib.Path.mkdir'], { like: ['mkdir', '-p', '$self'] }),
  ...all(['pathlib.Path.touch'], { like: ['touch', '$self'] }),
  ...all(['pathlib.Path.write_text', 'pathlib.Path.write_bytes'], { like: ['tee', '$self'] }),
  ...all(['pathlib.Path.read_text', 'pathlib.Path.read_bytes'], { like: ['cat', '$self'] }),
  ...all(['pathlib.Path.open'], { open: true }),
  ...all(['os.truncate'], { like: ['truncate', '-s', '$1', '$0'] }),
  ...all(['builtins.open', 'io.open', 'codecs.open'], { open: true }),
  // Scientific data files opened with a mode: 'w' truncates what was there.
  ...all(['h5py.File', 'netCDF4.Dataset', 'zarr.open'], { open: true }),
  ...all(['os.kill', 'os.killpg'], { like: ['kill', '$0'] }),
  ...all(['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell', 'commands.getoutput'], { shell: 0 }),
  ...all(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen', 'pty.spawn'], { spawn: 'python' }),
  ...all(['os.execv', 'os.execve', 'os.execvp', 'os.execvpe'], { exec: 'list', at: 1 }),
  ...all(['os.execl', 'os.execle', 'os.execlp', 'os.execlpe'], { exec: 'varargs', at: 1 }),
  ...all(['os.spawnv', 'os.spawnve', 'os.spawnvp', 'os.spawnvpe'], { exec: 'list', at: 2 }),
  ...all(['os.spawnl', 'os.spawnle', 'os.spawnlp', 'os.spawnlpe'], { exec: 'varargs', at: 2 }),
  ...all(['os.posix_spawn', 'os.posix_spawnp'], { exec: 'list', at: 1 }),
  ...all(['asyncio.create_subprocess_exec'], { exec: 'varargs', at: 0 }),
  ...all(['runpy.run_path'], { like: ['python3', '$0'] }),
  ...all(['runpy.run_module'], { like: ['python3', '-m', '$0'] }),
  ...all(['requests.get', 'requests.head', 'requests.options', 'httpx.get', 'httpx.head', 'urllib.request.urlopen'], { http: 'GET' }),
  ...all(['requests.post', 'httpx.post'], { http: 'POST' }),
  ...all(['requests.put', 'httpx.put'], { http: 'PUT' }),
  ...all(['requests.patch', 'httpx.patch'], { http: 'PATCH' }),
  ...all(['requests.delete', 'httpx.delete'], { http: 'DELETE' }),
  ...all(['requests.request', 'httpx.request'], { http: 'arg0' }),
  ...all(['requests.Session.get', 'httpx.Client.get'], { http: 'GET' }),
  ...all(['requests.Session.post', 'httpx.Client.post'], { http: 'POST' }),
  ...all(['requests.Session.put', 'httpx.Client.put'], { http: 'PUT' }),
  ...all(['requests.Session.patch', 'httpx.Client.patch'], { http: 'PATCH' }),
  ...all(['requests.Session.delete', 'httpx.Client.delete'], { http: 'DELETE' }),
  ...all(['requests.Session.request', 'httpx.Client.request'], { http: 'arg0' }),
  ...all(['requests.Session', 'httpx.Client', 'pathlib.Path', 'pathlib.PosixPath', 'pathlib.PurePath', 'tarfile.open', 'tarfile.TarFile', 'zipfile.ZipFile'], { construct: true }),
  // Unpacking an archive writes its members under the directory given (the working directory without one).
  ...all(['tarfile.open.extractall', 'tarfile.TarFile.extractall', 'zipfile.ZipFile.extractall'], { like: ['tar', '-x', '-f', '$self', '-C=$0|path?'] }),
  ...all(['shutil.unpack_archive'], { like: ['tar', '-x', '-f', '$0', '-C=$1|extract_dir?'] }),
  ...all(['urllib.request.Request'], { http: 'option' }),
  ...all(['urllib.request.urlretrieve'], { like: ['curl', '-o', '$1', '$0'] }),
  ...all(['socket.socket', 'socket.create_connection', 'socket.socketpair'], { socket: ['nc'] }),
  ...all(['smtplib.SMTP', 'smtplib.SMTP_SSL'], { socket: ['sendmail'] }),
  ...all(['ftplib.FTP', 'ftplib.FTP_TLS'], { socket: ['ftp'] }),
  ...all(['telnetlib.Telnet'], { socket: ['telnet'] }),
  ...all(['paramiko.SSHClient', 'paramiko.Transport', 'fabric.Connection'], { socket: ['ssh'] }),
  ...all(['http.server.HTTPServer', 'http.server.ThreadingHTTPServer', 'socketserver.TCPServer'], { socket: ['python3', '-m', 'http.server'] }),
  ...all(['webbrowser.open', 'os.startfile'], { like: ['open', '$0'] }),
  ...all(['builtins.exec', 'builtins.eval'], { code: 'python', at: 0 }),
  ...all(['builtins.__import__', 'importlib.import_module'], { resolve: 'module' }),
  ...all(['builtins.getattr'], { resolve: 'attribute' }),
  ...all(['builtins.compile', 'builtins.globals', 'builtins.locals', 'builtins.vars', 'builtins.setattr', 'builtins.delattr', 'builtins.breakpoint', 'builtins.__builtins__', 'code.interact', 'code.InteractiveConsole', 'marshal.loads', 'pickle.loads', 'pickle.load', 'dill.loads', 'types.FunctionType', 'types.CodeType', 'importlib.reload'], { dynamic: 'runs code or reaches names built at run time' }),
  ...all(['os.getcwd', 'os.getpid', 'os.getppid', 'os.getuid', 'os.geteuid', 'os.getgid', 'os.getlogin', 'os.listdir', 'os.scandir', 'os.walk', 'os.stat', 'os.lstat', 'os.access', 'os.cpu_count', 'os.uname', 'os.getenv', 'os.environ.get', 'os.fspath', 'os.fsencode', 'os.fsdecode', 'os.urandom', 'os.isatty', 'os.get_terminal_size', 'os.strerror', 'os.getloadavg', 'os.times', 'os.readlink', 'os.sched_getaffinity', 'os.device_encoding', 'os.get_exec_path', 'os.getpgrp', 'os.getgroups', 'os.umask'], { safe: true }),
  ...all(['pathlib.Path.exists', 'pathlib.Path.is_file', 'pathlib.Path.is_dir', 'pathlib.Path.iterdir', 'pathlib.Path.glob', 'pathlib.Path.rglob', 'pathlib.Path.stat', 'pathlib.Path.resolve', 'pathlib.Path.absolute', 'pathlib.Path.relative_to', 'pathlib.Path.with_suffix', 'pathlib.Path.with_name', 'pathlib.Path.joinpath', 'pathlib.Path.expanduser', 'pathlib.Path.home', 'pathlib.Path.cwd', 'pathlib.Path.is_symlink', 'pathlib.Path.samefile', 'pathlib.Path.match', 'pathlib.Path.as_posix', 'pathlib.Path.is_absolute', 'pathlib.Path.walk', 'pathlib.Path.owner', 'pathlib.Path.lstat'], { safe: true }),
  ...all(['tempfile.mkdtemp', 'tempfile.mkstemp', 'tempfile.TemporaryDirectory', 'tempfile.NamedTemporaryFile', 'tempfile.TemporaryFile', 'tempfile.gettempdir', 'tempfile.SpooledTemporaryFile'], { safe: true }),
  ...all(['sys.exit', 'sys.stdin.read', 'sys.stdin.readline', 'sys.stdin.readlines', 'sys.stdout.write', 'sys.stderr.write', 'sys.stdout.flush', 'sys.getsizeof', 'sys.getrecursionlimit', 'sys.setrecursionlimit', 'sys.exc_info', 'sys.getdefaultencoding', 'sys.intern'], { safe: true }),
};

// prettier-ignore
const JAVASCRIPT: Table = {
  ...all(['fs.rm', 'fs.rmSync', 'fs-extra.remove', 'fs-extra.removeSync', 'Deno.remove', 'Deno.removeSync'], { like: ['rm', '-r?recursive', '$0'] }),
  ...all(['fs.rmdir', 'fs.rmdirSync'], { like: ['rmdir', '$0'] }),
  ...all(['fs.unlink', 'fs.unlinkSync'], { like: ['rm', '$0'] }),
  ...all(['fs-extra.emptyDir', 'fs-extra.emptyDirSync', 'fs-extra.emptydir', 'rimraf', 'rimraf.sync', 'rimraf.rimraf', 'rimraf.rimrafSync', 'del', 'del.sync', 'del.deleteAsync', 'del.deleteSync'], { like: ['rm', '-r', '$0'] }),
  ...all(['fs.rename', 'fs.renameSync', 'fs-extra.move', 'fs-extra.moveSync', 'Deno.rename'], { like: ['mv', '$0', '$1'] }),
  ...all(['fs.copyFile', 'fs.copyFileSync', 'fs.cp', 'fs.cpSync', 'fs-extra.copy', 'fs-extra.copySync', 'Deno.copyFile'], { like: ['cp', '-r?recursive', '$0', '$1'] }),
  ...all(['fs.writeFile', 'fs.writeFileSync', 'fs.createWriteStream', 'fs-extra.outputFile', 'fs-extra.outputFileSync', 'fs-extra.writeJson', 'fs-extra.writeJsonSync', 'fs-extra.outputJson', 'Deno.writeTextFile', 'Deno.writeFile', 'Bun.write'], { like: ['tee', '$0'] }),
  ...all(['fs.appendFile', 'fs.appendFileSync'], { like: ['tee', '-a', '$0'] }),
  ...all(['fs.readFile', 'fs.readFileSync', 'fs.createReadStream', 'fs-extra.readJson', 'fs-extra.readJsonSync', 'Deno.readTextFile', 'Deno.readFile', 'Bun.file'], { like: ['cat', '$0'] }),
  ...all(['fs.chmod', 'fs.chmodSync', 'Deno.chmod'], { like: ['chmod', '$octal1', '$0'] }),
  ...all(['fs.chown', 'fs.chownSync', 'Deno.chown'], { like: ['chown', '$1', '$0'] }),
  ...all(['fs.mkdir', 'fs.mkdirSync', 'fs-extra.ensureDir', 'fs-extra.mkdirp', 'fs-extra.ensureDirSync', 'Deno.mkdir'], { like: ['mkdir', '-p', '$0'] }),
  ...all(['fs.symlink', 'fs.symlinkSync', 'fs.link', 'fs.linkSync', 'Deno.symlink'], { like: ['ln', '-s', '$0', '$1'] }),
  ...all(['fs.truncate', 'fs.truncateSync', 'Deno.truncate'], { like: ['truncate', '-s', '$1?', '$0'] }),
  ...all(['fs.readdir', 'fs.readdirSync', 'fs.stat', 'fs.statSync', 'fs.lstat', 'fs.lstatSync', 'fs.exists', 'fs.existsSync', 'fs.access', 'fs.accessSync', 'fs.realpath', 'fs.realpathSync', 'fs.opendir', 'fs.opendirSync', 'fs.watch', 'fs.watchFile', 'fs.mkdtemp', 'fs.mkdtempSync', 'fs.glob', 'fs.globSync', 'fs-extra.pathExists', 'fs-extra.pathExistsSync', 'Deno.readDir', 'Deno.stat', 'Deno.cwd'], { safe: true }),
  ...all(['child_process.exec', 'child_process.execSync', 'shelljs.exec', 'execa.execaCommand', 'execa.execaCommandSync', 'execa.command', 'execa.commandSync'], { shell: 0 }),
  ...all(['child_process.execFile', 'child_process.execFileSync', 'execa', 'execa.execa', 'execa.execaSync', 'execa.sync', 'cross-spawn', 'cross-spawn.sync'], { exec: 'cmd+list', at: 0 }),
  ...all(['child_process.spawn', 'child_process.spawnSync'], { spawn: 'javascript' }),
  ...all(['child_process.fork'], { like: ['node', '$0'] }),
  ...all(['Bun.spawn', 'Bun.spawnSync'], { exec: 'list', at: 0 }),
  ...all(['Deno.Command', 'Deno.run'], { exec: 'cmd+list', at: 0 }),
  ...all(['Bun.$', 'zx.$', 'shelljs.rm'], { shell: 0 }),
  ...all(['fetch', 'axios', 'axios.request', 'got', 'node-fetch', 'undici.fetch', 'undici.request'], { http: 'option' }),
  ...all(['axios.get', 'axios.head', 'got.get', 'http.get', 'https.get', 'superagent.get', 'ky.get'], { http: 'GET' }),
  ...all(['axios.post', 'got.post', 'superagent.post', 'ky.post'], { http: 'POST' }),
  ...all(['axios.put', 'got.put', 'superagent.put', 'ky.put'], { http: 'PUT' }),
  ...all(['axios.patch', 'got.patch', 'superagent.patch', 'ky.patch'], { http: 'PATCH' }),
  ...all(['axios.delete', 'got.delete', 'superagent.delete', 'superagent.del', 'ky.delete'], { http: 'DELETE' }),
  ...all(['http.request', 'https.request'], { http: 'option' }),
  ...all(['net.connect', 'net.createConnection', 'net.Socket', 'tls.connect', 'dgram.createSocket'], { socket: ['nc'] }),
  ...all(['http.createServer', 'https.createServer', 'net.createServer'], { safe: true }),
  ...all(['ssh2.Client', 'node-ssh.NodeSSH'], { socket: ['ssh'] }),
  ...all(['nodemailer.createTransport'], { socket: ['sendmail'] }),
  ...all(['process.kill'], { like: ['kill', '$0'] }),
  ...all(['eval', 'vm.runInThisContext', 'vm.runInNewContext', 'vm.runInContext', 'vm.Script', 'Function'], { code: 'javascript', at: -1 }),
  ...all(['require', 'import'], { resolve: 'module' }),
  ...all(['vm.compileFunction', 'module.createRequire', 'process.binding', 'process.dlopen', 'worker_threads.Worker', 'Reflect.get', 'Reflect.apply'], { dynamic: 'runs code or reaches names built at run time' }),
  ...all(['process.exit', 'process.cwd', 'process.chdir', 'process.on', 'process.nextTick', 'process.hrtime', 'process.memoryUsage', 'process.uptime', 'process.stdout.write', 'process.stderr.write', 'process.stdin.on', 'process.stdin.resume', 'process.stdin.setEncoding', 'process.emitWarning', 'process.cpuUsage', 'process.umask', 'process.getuid', 'process.env.hasOwnProperty'], { safe: true }),
};

// Ruby: receivers are constants (`FileUtils.rm_rf`), a call without one is `Kernel.<name>`.
// prettier-ignore
const RUBY: Table = {
  ...all(['FileUtils.rm_rf', 'FileUtils.rm_r', 'FileUtils.remove_dir', 'FileUtils.remove_entry', 'FileUtils.remove_entry_secure', 'FileUtils.rmtree'], { like: ['rm', '-r', '-f', '$0'] }),
  ...all(['FileUtils.rm', 'FileUtils.rm_f', 'FileUtils.remove', 'FileUtils.remove_file', 'File.delete', 'File.unlink'], { like: ['rm', '-f', '$0'] }),
  ...all(['FileUtils.rmdir', 'Dir.rmdir', 'Dir.delete', 'Dir.unlink'], { like: ['rmdir', '$0'] }),
  ...all(['FileUtils.mv', 'FileUtils.move', 'File.rename'], { like: ['mv', '$0', '$1'] }),
  ...all(['FileUtils.cp', 'FileUtils.copy', 'FileUtils.copy_file', 'FileUtils.install'], { like: ['cp', '$0', '$1'] }),
  ...all(['FileUtils.cp_r', 'FileUtils.copy_entry'], { like: ['cp', '-r', '$0', '$1'] }),
  ...all(['FileUtils.ln_s', 'FileUtils.ln_sf', 'File.symlink'], { like: ['ln', '-s', '$0', '$1'] }),
  ...all(['FileUtils.ln', 'File.link'], { like: ['ln', '$0', '$1'] }),
  ...all(['FileUtils.chmod', 'File.chmod'], { like: ['chmod', '$octal0', '$1'] }),
  ...all(['FileUtils.chmod_R'], { like: ['chmod', '-R', '$octal0', '$1'] }),
  ...all(['FileUtils.chown', 'File.chown'], { like: ['chown', '$0', '$2'] }),
  ...all(['FileUtils.chown_R'], { like: ['chown', '-R', '$0', '$2'] }),
  ...all(['FileUtils.mkdir_p', 'FileUtils.makedirs', 'FileUtils.mkdir', 'Dir.mkdir'], { like: ['mkdir', '-p', '$0'] }),
  ...all(['FileUtils.touch'], { like: ['touch', '$0'] }),
  ...all(['File.write', 'File.binwrite', 'IO.write', 'IO.binwrite'], { like: ['tee', '$0'] }),
  ...all(['File.truncate'], { like: ['truncate', '-s', '$1', '$0'] }),
  ...all(['File.read', 'File.binread', 'File.readlines', 'File.foreach', 'IO.read', 'IO.readlines', 'IO.foreach', 'File.exist?', 'File.exists?', 'File.file?', 'File.directory?', 'File.size', 'File.stat', 'File.mtime', 'Dir.glob', 'Dir.entries', 'Dir.children', 'Dir.each_child', 'Dir.exist?', 'Dir.pwd', 'Dir.home', 'File.basename', 'File.dirname', 'File.extname', 'File.join', 'File.expand_path', 'File.absolute_path', 'File.realpath'], { safe: true }),
  ...all(['File.open', 'File.new', 'Kernel.open'], { open: true }),
  ...all(['Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn', 'Kernel.`', 'IO.popen', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Open3.popen2', 'Open3.popen2e', 'Open3.popen3', 'Open3.pipeline'], { spawn: 'ruby' }),
  ...all(['Kernel.eval', 'Kernel.instance_eval', 'Kernel.class_eval', 'Kernel.module_eval', 'Binding.eval', 'RubyVM::InstructionSequence.compile'], { code: 'ruby', at: 0 }),
  ...all(['Kernel.send', 'Kernel.public_send', 'Kernel.const_get', 'Object.const_get', 'Kernel.define_method', 'Kernel.load', 'Kernel.method'], { dynamic: 'runs code or reaches names built at run time' }),
  ...all(['Net::HTTP.get', 'Net::HTTP.get_response', 'URI.open'], { http: 'GET' }),
  ...all(['Net::HTTP.post', 'Net::HTTP.post_form'], { http: 'POST' }),
  ...all(['Net::HTTP::Delete.new'], { http: 'DELETE' }),
  ...all(['Net::HTTP::Put.new'], { http: 'PUT' }),
  ...all(['Net::HTTP::Patch.new'], { http: 'PATCH' }),
  ...all(['TCPSocket.new', 'TCPSocket.open', 'Socket.tcp', 'UDPSocket.new'], { socket: ['nc'] }),
  ...all(['Net::SSH.start'], { socket: ['ssh'] }),
  ...all(['Process.kill'], { like: ['kill', '-$0', '$1'] }),
  // The connection itself does nothing; what runs through it (`.execute(SQL)`) is read as SQL.
  ...all(['ActiveRecord::Base.connection', 'ActiveRecord::Base.transaction', 'ApplicationRecord.connection', 'Rails.logger', 'Rails.env', 'Rails.root', 'Rails.application'], { safe: true }),
  ...all(['Kernel.puts', 'Kernel.print', 'Kernel.p', 'Kernel.pp', 'Kernel.printf', 'Kernel.format', 'Kernel.sprintf', 'Kernel.require', 'Kernel.require_relative', 'Kernel.sleep', 'Kernel.exit', 'Kernel.exit!', 'Kernel.abort', 'Kernel.gets', 'Kernel.warn', 'Kernel.raise', 'Kernel.loop', 'Kernel.rand', 'Kernel.srand', 'Kernel.lambda', 'Kernel.proc', 'Kernel.catch', 'Kernel.throw', 'Kernel.at_exit', 'Kernel.binding', 'Kernel.caller', 'Kernel.freeze', 'Kernel.Integer', 'Kernel.Float', 'Kernel.String', 'Kernel.Array', 'Kernel.Hash', 'Kernel.URI', 'Kernel.attr_accessor', 'Kernel.attr_reader', 'Kernel.include', 'Kernel.extend', 'Kernel.private', 'Kernel.block_given?', 'Kernel.tap', 'Kernel.then', 'Kernel.itself', 'Kernel.frozen?', 'Kernel.is_a?', 'Kernel.respond_to?', 'Kernel.nil?', 'Kernel.dup', 'Kernel.clone', 'Kernel.inspect', 'Kernel.to_s', 'Kernel.chomp', 'Kernel.chop', 'Kernel.sub', 'Kernel.gsub', 'Kernel.select', 'Kernel.readline', 'Kernel.readlines', 'Kernel.trap', 'Kernel.fork', 'Kernel.local_variables'], { safe: true }),
};

// PHP: functions by their lower-case name (PHP's are case-insensitive), static calls as `Class::method`.
// prettier-ignore
const PHP: Table = {
  ...all(['unlink'], { like: ['rm', '-f', '$0'] }),
  ...all(['rmdir'], { like: ['rmdir', '$0'] }),
  ...all(['rename'], { like: ['mv', '$0', '$1'] }),
  ...all(['copy'], { like: ['cp', '$0', '$1'] }),
  ...all(['mkdir'], { like: ['mkdir', '-p', '$0'] }),
  ...all(['chmod'], { like: ['chmod', '$octal1', '$0'] }),
  ...all(['chown', 'lchown', 'chgrp', 'lchgrp'], { like: ['chown', '$1', '$0'] }),
  ...all(['symlink'], { like: ['ln', '-s', '$0', '$1'] }),
  ...all(['link'], { like: ['ln', '$0', '$1'] }),
  ...all(['touch'], { like: ['touch', '$0'] }),
  ...all(['file_put_contents'], { like: ['tee', '$0'] }),
  ...all(['file_get_contents', 'readfile', 'file', 'parse_ini_file', 'highlight_file', 'show_source'], { like: ['cat', '$0'] }),
  ...all(['fopen'], { open: true }),
  ...all(['ftruncate'], { local: true }),
  ...all(['system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open'], { shell: 0 }),
  ...all(['pcntl_exec'], { exec: 'cmd+list', at: 0 }),
  ...all(['eval', 'assert'], { code: 'php', at: 0 }),
  ...all(['create_function', 'extract', 'parse_str', 'dl', 'include', 'require'], { dynamic: 'runs code or sets names built at run time' }),
  ...all(['fsockopen', 'pfsockopen', 'stream_socket_client', 'socket_create', 'socket_connect', 'mail', 'ftp_connect', 'ssh2_connect'], { socket: ['nc'] }),
  ...all(['posix_kill'], { like: ['kill', '-$1', '$0'] }),
  ...all(['putenv', 'ini_set', 'set_time_limit', 'error_reporting', 'date_default_timezone_set', 'setlocale', 'header', 'ob_start', 'session_start'], { local: true }),
  ...all(['File::delete', 'Storage::delete'], { like: ['rm', '-f', '$0'] }),
  ...all(['File::deleteDirectory', 'Storage::deleteDirectory', 'File::deleteDirectories'], { like: ['rm', '-r', '-f', '$0'] }),
  ...all(['File::put', 'Storage::put', 'File::append', 'Storage::append'], { like: ['tee', '$0'] }),
  ...all(['File::move', 'Storage::move'], { like: ['mv', '$0', '$1'] }),
  ...all(['File::get', 'Storage::get', 'File::exists', 'Storage::exists', 'File::files', 'File::allFiles', 'Storage::files', 'Storage::allFiles', 'File::directories'], { safe: true }),
  ...all(['Process::run', 'Process::start', 'Process::fromShellCommandline'], { shell: 0 }),
  ...all(['Http::get', 'Http::head'], { http: 'GET' }),
  ...all(['Http::post'], { http: 'POST' }),
  ...all(['Http::put'], { http: 'PUT' }),
  ...all(['Http::patch'], { http: 'PATCH' }),
  ...all(['Http::delete'], { http: 'DELETE' }),
  ...all(['Log::info', 'Log::debug', 'Log::warning', 'Log::error', 'Config::get', 'App::environment', 'Carbon::now', 'Str::random', 'Str::slug', 'Hash::make'], { safe: true }),
};

/** PHP's functions that only compute, read or print: families by prefix, and single names. */
const PHP_PURE = new RegExp(
  '^(str|array_|mb_|preg_|json_|is_|ctype_|date|gm|html|url|rawurl|base64_|hash|posix_get|iterator_|spl_|random_|password_|memory_|php|ob_|gc_|inet_|openssl_random|mt_|intl|locale|numfmt|ucfirst|lcfirst|ucwords|func_|class_|method_|property_|interface_|enum_|function_|version_|set_(error|exception)_|restore_|trigger_|filter_|parse_url|http_build|number_)\\w*$' +
    '|^(count|sizeof|implode|explode|join|trim|ltrim|rtrim|sprintf|printf|vsprintf|vprintf|fprintf|sscanf|print_r|var_dump|var_export|serialize|unserialize|wordwrap|nl2br|substr|in_array|range|compact|sort|rsort|usort|ksort|krsort|asort|arsort|natsort|natcasesort|shuffle|rand|uniqid|microtime|time|mktime|strtotime|checkdate|zend_version|defined|define|constant|extension_loaded|ini_get|sleep|usleep|file_exists|filesize|filemtime|fileatime|filectime|fileperms|fileowner|filetype|stat|lstat|realpath|basename|dirname|pathinfo|getcwd|scandir|glob|opendir|readdir|closedir|fgets|fread|feof|fclose|fgetcsv|fwrite|fputs|fputcsv|fflush|sys_get_temp_dir|gethostname|getmypid|getmyuid|exit|die|chr|ord|dechex|hexdec|decbin|bindec|octdec|decoct|levenshtein|similar_text|soundex|metaphone|localeconv|htmlspecialchars|strip_tags|addslashes|stripslashes|quotemeta|gettimeofday|hrtime|getenv|iconv|crypt|array|current|key|next|reset|end|key_exists|gethostbyname|long2ip|ip2long|intdiv|fmod|round|floor|ceil|abs|max|min|pow|sqrt|log|exp|pi|intval|floatval|strval|boolval|settype|gettype|get_class|get_object_vars|md5|sha1|crc32|bin2hex|hex2bin|flush|iterator_to_array)$',
);

/** Modules whose functions only compute, read or print (a call into them has no effect to judge). */
// prettier-ignore
const PURE: Record<CodeLanguage, ReadonlySet<string>> = {
  python: new Set([
    'builtins', 'json', 're', 'math', 'cmath', 'decimal', 'fractions', 'statistics', 'random', 'secrets', 'string',
    'textwrap', 'difflib', 'unicodedata', 'datetime', 'time', 'calendar', 'zoneinfo', 'collections', 'itertools',
    'functools', 'operator', 'copy', 'pprint', 'reprlib', 'enum', 'dataclasses', 'typing', 'abc', 'numbers',
    'heapq', 'bisect', 'array', 'struct', 'base64', 'binascii', 'hashlib', 'hmac', 'uuid', 'zlib', 'csv',
    'fnmatch', 'glob', 'os.path', 'posixpath', 'ntpath', 'platform', 'locale', 'argparse', 'shlex', 'tomllib',
    'configparser', 'html', 'xml', 'ast', 'inspect', 'traceback', 'warnings', 'contextlib', 'types', 'weakref',
    'graphlib', 'queue', 'threading', 'concurrent', 'io', 'gettext', 'colorsys', 'keyword', 'token', 'tokenize',
    'getpass', 'sysconfig', 'site', 'email', 'mimetypes', 'urllib.parse', 'ipaddress', 'signal', 'errno', 'stat',
    'filecmp', 'linecache', 'timeit', 'cProfile', 'profile', 'pstats', 'doctest', 'unittest', 'codecs', 'quopri',
    'typing_extensions', 'pydoc', 'dis', 'sys', 'logging', 'atexit', 'select', 'asyncio',
  ]),
  ruby: new Set([
    'JSON', 'YAML', 'Psych', 'Time', 'Date', 'DateTime', 'Math', 'String', 'Integer', 'Float', 'Array', 'Hash', 'Set',
    'Symbol', 'Range', 'Regexp', 'Comparable', 'Enumerable', 'Struct', 'OpenStruct', 'Base64', 'Digest', 'SecureRandom',
    'ERB', 'CGI', 'Shellwords', 'StringIO', 'Benchmark', 'Pathname', 'Rational', 'Complex', 'BigDecimal', 'Zlib',
    'Logger', 'PP', 'RbConfig', 'Gem', 'Encoding', 'ObjectSpace', 'GC', 'Thread', 'Mutex', 'Queue', 'Etc', 'URI',
    'ENV', 'ARGV', 'STDOUT', 'STDERR', '$stdout', '$stderr', 'Kernel', 'Object', 'Comparable', 'Process.pid',
    'Process.clock_gettime', 'Dir.tmpdir', 'Tempfile', 'Dir.mktmpdir', 'CSV', 'Timeout', 'Optparse', 'OptionParser',
  ]),
  php: new Set(['Carbon', 'Str', 'Arr', 'Collection', 'Log', 'Config', 'App', 'Hash', 'Crypt', 'Validator', 'Route', 'URL', 'View', 'Lang', 'Date', 'Cache', 'Session', 'Request', 'Auth', 'Gate', 'Event', 'Queue', 'Bus', 'Notification', 'DateTime', 'DateTimeImmutable', 'ReflectionClass', 'Closure']),
  javascript: new Set([
    'console', 'JSON', 'Math', 'Date', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Promise', 'RegExp', 'Map',
    'Set', 'WeakMap', 'WeakSet', 'Symbol', 'BigInt', 'Intl', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder',
    'TextDecoder', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
    'encodeURI', 'decodeURI', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate',
    'queueMicrotask', 'structuredClone', 'atob', 'btoa', 'Error', 'TypeError', 'RangeError', 'Uint8Array',
    'ArrayBuffer', 'DataView', 'path', 'util', 'url', 'querystring', 'crypto', 'os', 'assert', 'events', 'buffer',
    'string_decoder', 'zlib', 'readline', 'stream', 'perf_hooks', 'timers', 'punycode', 'tty', 'v8', 'require.resolve',
    'String.raw', 'performance', 'AbortController', 'Blob', 'Response', 'Headers', 'Request', 'FormData', 'Reflect',
    'Proxy', 'globalThis', 'import.meta', 'module',
  ]),
};

/** Libraries that compute or write locally (data frames, images, plots): low, not opaque. */
// prettier-ignore
const LOCAL: Record<CodeLanguage, ReadonlySet<string>> = {
  python: new Set(['numpy', 'pandas', 'yaml', 'toml', 'tomli', 'tomli_w', 'PIL', 'matplotlib', 'tabulate', 'rich', 'jinja2', 'markdown', 'bs4', 'lxml', 'openpyxl', 'scipy', 'sklearn', 'sqlite3', 'jsonschema', 'pydantic', 'attrs', 'dateutil', 'pytz', 'click', 'typer', 'tqdm', 'colorama', 'chardet', 'packaging', 'semver', 'black', 'ruff', 'gzip', 'bz2', 'lzma', 'zipfile', 'tarfile', 'shutil', 'pathlib', 'tempfile', 'tty', 'curses']),
  ruby: new Set(['Nokogiri', 'Roo', 'Prawn', 'MiniMagick', 'RMagick', 'Zip', 'Gem::Package', 'Marshal', 'IO.console', 'Tempfile']),
  php: new Set(['ZipArchive', 'PharData', 'Spatie', 'Intervention', 'PhpOffice', 'League']),
  javascript: new Set(['fs', 'fs-extra', 'yaml', 'js-yaml', 'glob', 'fast-glob', 'globby', 'chalk', 'lodash', 'dayjs', 'moment', 'semver', 'minimist', 'yargs', 'commander', 'prettier', 'typescript', 'esbuild', 'marked', 'cheerio', 'jsdom', 'zod', 'ajv', 'uuid', 'nanoid', 'sharp', 'csv-parse', 'papaparse', 'dotenv']),
};

export function effectOf(language: CodeLanguage, name: string): Effect | undefined {
  const table =
    language === 'python' ? PYTHON : language === 'ruby' ? RUBY : language === 'php' ? PHP : JAVASCRIPT;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The module a qualified name belongs to, longest known prefix first (`os.path.join` → os.path). */
function moduleKind(language: CodeLanguage, name: string): 'pure' | 'local' | 'other' {
  const parts = name.split('.');
  for (let n = parts.length; n >= 1; n--) {
    const prefix = parts.slice(0, n).join('.');
    if (
      language === 'ruby' &&
      n === 1 &&
      prefix.includes('::') &&
      PURE.ruby.has(prefix.split('::')[0] as string)
    )
      return 'pure';
    if (PURE[language].has(prefix)) return 'pure';
    if (LOCAL[language].has(prefix)) return 'local';
  }
  return 'other';
}

/** A call to a name that has no catalog entry: nothing to judge, a local effect, or opaque. */
export function unlistedCall(language: CodeLanguage, name: string): 'pure' | 'local' | 'opaque' {
  if (language === 'php') {
    if (!name.includes('::')) return PHP_PURE.test(name) ? 'pure' : 'opaque';
    const cls = name.slice(0, name.indexOf('::'));
    return PURE.php.has(cls) ? 'pure' : LOCAL.php.has(cls) ? 'local' : 'opaque';
  }
  const kind = moduleKind(language, name);
  return kind === 'pure' ? 'pure' : kind === 'local' ? 'local' : 'opaque';
}
