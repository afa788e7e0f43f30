/**
 * A realistic library layout for benchmarks: hundreds of models, thousands
 * of posts, a thumbnail and profile icon per model, mostly images, some
 * videos, some sub-folders and a few unclassified files. Deterministic.
 */
export function* benchKeys(total: number): Generator<{ key: string; size: number }> {
  const models = Math.max(1, Math.round(total / 300));
  let emitted = 0;
  for (let m = 0; m < models && emitted < total; m++) {
    const model = `model-${String(m).padStart(4, '0')}`;
    yield { key: `${model}/thumb.jpg`, size: 2048 };
    yield { key: `${model}/profile/icon.png`, size: 1024 };
    emitted += 2;
    const share = Math.floor((total - emitted) / (models - m));
    for (let i = 0; i < share && emitted < total; i++, emitted++) {
      const post = `post ${String(Math.floor(i / 30)).padStart(3, '0')}`;
      const name = i % 17 === 0 ? `clips/VID_${i}.mp4` : i % 101 === 0 ? `notes ${i}.txt` : `IMG_${String(i).padStart(5, '0')}.jpg`;
      yield { key: `${model}/${post}/${name}`, size: 100 + ((i * 7919) % 4000) };
    }
  }
}
