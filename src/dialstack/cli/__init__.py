"""The ``dialstack`` command line: every SDK method from a shell, plus ``trigger``,
``simulate call``, ``listen``, ``logs tail`` and ``emulator``.

``import dialstack`` never imports this package; the console script does
(``dialstack.cli.main:main``). Its commands come from ``commands.json``, which
``scripts/generate`` writes from the API description.
"""
