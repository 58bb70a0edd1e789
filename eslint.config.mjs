import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, globalIgnores } from 'eslint/config'
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTypescript from 'eslint-config-next/typescript'
import ts from 'typescript'

const root = import.meta.dirname

// The lib/ folders that run in the browser too; the rest of lib/ is server-side.
const browserSafeLib = ['schemas', 'time', 'client', 'shared', 'errors']

// The layering of STYLE.md: imports point one way, app/ → components/ → lib/client/, app/api → lib/api → services.
const layering = [
  {
    // Services and the store are plain TypeScript: no pages, no components, no framework.
    target: './lib',
    from: ['./app', './components'],
    message: 'lib/ must not import from app/ or components/ (imports point one way: app → components → lib).',
  },
  {
    target: './components',
    from: './app',
    message: 'components/ must not import from app/: pass what a component needs as props.',
  },
  {
    // Tests run on Node and may use server fixtures.
    target: ['components', ...browserSafeLib.map((folder) => `lib/${folder}`)].map(
      (folder) => `./${folder}/**/!(*.test).{ts,tsx}`,
    ),
    from: './lib',
    except: browserSafeLib.map((folder) => `./${folder}`),
    message: `Browser code may import only lib/{${browserSafeLib.join(',')}}: the rest of lib/ runs on the server (fetch through lib/client/ hooks, or move a pure rule to lib/shared/).`,
  },
  {
    // Everywhere but lib/api, lib/server, app/api, the tests that serve the API (tests/support, scripts/cli.test.ts)
    // and the API's own tests (tests/api).
    target: [
      './*.*',
      './!(app|lib|scripts|tests)/**',
      './app/*.*',
      './app/!(api)/**',
      './lib/*.*',
      './lib/!(api|server)/**',
      './scripts/**/!(cli.test).ts',
      './tests/!(api|support)/**',
    ],
    from: './lib/api',
    message:
      'lib/api/ is the HTTP layer: only app/api, lib/server and the API tests use it. Services throw DomainError (lib/errors/).',
  },
]

/** Reports a server-side lib/ module whose first statement is not `import 'server-only'`; the fix adds it. */
const serverOnlyFirst = {
  meta: {
    type: 'problem',
    fixable: 'code',
    schema: [],
    messages: {
      missing:
        "A server module starts with `import 'server-only'`, so that a browser bundle that reaches it fails the build.",
    },
  },
  create: (context) => ({
    Program(program) {
      const isServerOnly = (statement) =>
        statement.type === 'ImportDeclaration' &&
        statement.source.value === 'server-only' &&
        statement.specifiers.length === 0
      const [first] = program.body
      if (first !== undefined && isServerOnly(first)) return
      const startsWithImport =
        first?.type === 'ImportDeclaration' && context.sourceCode.getCommentsBefore(first).length === 0
      context.report({
        loc: { line: 1, column: 0 },
        messageId: 'missing',
        // Moving an import that is already there by hand is clearer than a second copy.
        fix: program.body.some(isServerOnly)
          ? undefined
          : (fixer) => fixer.insertTextBeforeRange([0, 0], `import 'server-only'\n${startsWithImport ? '' : '\n'}`),
      })
    },
  }),
}

// import/no-cycle leaves out `import type` edges (they vanish at run time), yet a type that goes back up the layers is
// a cycle all the same. This rule follows every static import and reports the cycles that take a type-only one.

/** The project file an import names (`@/…` or relative), or undefined for a package. */
function resolveImport(specifier, importer) {
  const base = specifier.startsWith('@/')
    ? path.join(root, specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(importer), specifier)
      : undefined
  if (base === undefined) return undefined
  const candidates = ['', '.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'].map((ending) => base + ending)
  return candidates.find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile())
}

/** Each file's static imports of project files, as { file, typeOnly }, parsed again when the file changes. */
const parsedImports = new Map()
function readImports(file) {
  const mtime = fs.statSync(file).mtimeMs
  const cached = parsedImports.get(file)
  if (cached?.mtime === mtime) return cached.imports
  const imports = []
  for (const statement of ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest).statements) {
    const isImport = ts.isImportDeclaration(statement)
    if (!isImport && !ts.isExportDeclaration(statement)) continue
    if (statement.moduleSpecifier === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const target = resolveImport(statement.moduleSpecifier.text, file)
    if (target === undefined) continue
    const clause = isImport ? statement.importClause : statement
    const named = isImport ? clause?.namedBindings : statement.exportClause
    const elements = named !== undefined && 'elements' in named ? named.elements : []
    const typeOnly =
      Boolean(clause?.isTypeOnly) ||
      (clause?.name === undefined && elements.length > 0 && elements.every((element) => element.isTypeOnly))
    imports.push({ file: target, typeOnly })
  }
  parsedImports.set(file, { mtime, imports })
  return imports
}

const isTypeOnly = (declaration) =>
  declaration.importKind === 'type' ||
  declaration.exportKind === 'type' ||
  (declaration.specifiers?.length > 0 &&
    declaration.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'))

const noTypeCycle = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { cycle: 'Dependency cycle through a type-only import: {{trail}}. Move the shared type down a layer.' },
  },
  create(context) {
    const file = context.filename
    const importsOnce = new Map()
    const importsOf = (node) => importsOnce.get(node) ?? importsOnce.set(node, readImports(node)).get(node)

    /** Files from `start` back to this file along a path with a type-only import (counting the first), or undefined. */
    const typeCycle = (start, firstIsType) => {
      const key = (node, sawType) => `${sawType ? 1 : 0}${node}`
      const previous = new Map([[key(start, firstIsType), undefined]])
      const queue = [[start, firstIsType]]
      for (const [node, sawType] of queue) {
        if (node === file) {
          if (!sawType) continue
          const trail = []
          for (let at = key(node, sawType); at !== undefined; at = previous.get(at)) trail.unshift(at.slice(1))
          return trail
        }
        for (const next of importsOf(node)) {
          const state = [next.file, sawType || next.typeOnly]
          if (previous.has(key(...state))) continue
          previous.set(key(...state), key(node, sawType))
          queue.push(state)
        }
      }
      return undefined
    }

    const check = (declaration) => {
      if (typeof declaration.source?.value !== 'string') return
      const target = resolveImport(declaration.source.value, file)
      if (target === undefined || target === file) return
      const trail = typeCycle(target, isTypeOnly(declaration))
      if (trail === undefined) return
      const names = [file, ...trail].map((f) => path.relative(root, f))
      context.report({ node: declaration, messageId: 'cycle', data: { trail: names.join(' → ') } })
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check }
  },
}

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    '.next/**',
    '.next-*/**',
    'node_modules/**',
    'data/**',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    'next-env.d.ts',
  ]),
  {
    name: 'latchkey/rules',
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { latchkey: { rules: { 'server-only-first': serverOnlyFirst, 'no-type-cycle': noTypeCycle } } },
    // no-cycle follows imports into every module it resolves; the cycles that matter are ours, and parsing the
    // packages' type declarations would take most of a minute.
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      'import/no-restricted-paths': ['error', { basePath: root, zones: layering }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'latchkey/no-type-cycle': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Domain rules stay framework-free so they are unit-testable; lib/server/ and lib/client/ are the seams to Next.js.
    name: 'latchkey/lib-without-next',
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/server/**', 'lib/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next', 'next/*'],
              message: 'Keep Next.js out of lib/: route handlers in app/ wrap the services.',
            },
            { group: ['@/app/*', '@/components/*'], message: 'lib/ must not import from app/ or components/.' },
          ],
        },
      ],
    },
  },
  {
    // A browser bundle that reaches a server module then fails to build, instead of shipping it.
    name: 'latchkey/server-modules',
    files: ['lib/**/*.{ts,tsx}'],
    ignores: [...browserSafeLib.map((folder) => `lib/${folder}/**`), '**/*.test.ts'],
    rules: { 'latchkey/server-only-first': 'error' },
  },
])
