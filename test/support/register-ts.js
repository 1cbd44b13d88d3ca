// Lets a child process run the TypeScript sources directly (`node -r ./test/support/register-ts.js src/main.ts`):
// each file is transpiled alone with the project's compiler options, as ts-jest does for the test files.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const configPath = path.join(__dirname, '..', '..', 'tsconfig.json');
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath));
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, declaration: false };

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
