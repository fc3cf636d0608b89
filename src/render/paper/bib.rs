//! The bibliography: real references, chosen by the architecture family and
//! training objective, each cited somewhere in the paper.

/// A BibTeX entry and its citation key.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    /// Citation key.
    pub key: &'static str,
    /// The full BibTeX entry.
    pub bibtex: &'static str,
}

macro_rules! reference {
    ($key:literal, $body:literal) => {
        Reference {
            key: $key,
            bibtex: concat!($body, "\n"),
        }
    };
}

/// Every reference the paper may cite.
pub static REFERENCES: &[Reference] = &[
    reference!(
        "vaswani2017attention",
        "@inproceedings{vaswani2017attention,\n  title = {Attention Is All You Need},\n  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N. and Kaiser, {\\L}ukasz and Polosukhin, Illia},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {30},\n  year = {2017}\n}"
    ),
    reference!(
        "kaplan2020scaling",
        "@article{kaplan2020scaling,\n  title = {Scaling Laws for Neural Language Models},\n  author = {Kaplan, Jared and McCandlish, Sam and Henighan, Tom and Brown, Tom B. and Chess, Benjamin and Child, Rewon and Gray, Scott and Radford, Alec and Wu, Jeffrey and Amodei, Dario},\n  journal = {arXiv preprint arXiv:2001.08361},\n  year = {2020}\n}"
    ),
    reference!(
        "hoffmann2022chinchilla",
        "@inproceedings{hoffmann2022chinchilla,\n  title = {Training Compute-Optimal Large Language Models},\n  author = {Hoffmann, Jordan and Borgeaud, Sebastian and Mensch, Arthur and Buchatskaya, Elena and Cai, Trevor and Rutherford, Eliza and de Las Casas, Diego and Hendricks, Lisa Anne and Welbl, Johannes and Clark, Aidan and others},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {35},\n  year = {2022}\n}"
    ),
    reference!(
        "touvron2023llama",
        "@article{touvron2023llama,\n  title = {{LLaMA}: Open and Efficient Foundation Language Models},\n  author = {Touvron, Hugo and Lavril, Thibaut and Izacard, Gautier and Martinet, Xavier and Lachaux, Marie-Anne and Lacroix, Timoth{\\'e}e and Rozi{\\`e}re, Baptiste and Goyal, Naman and Hambro, Eric and Azhar, Faisal and others},\n  journal = {arXiv preprint arXiv:2302.13971},\n  year = {2023}\n}"
    ),
    reference!(
        "zhang2019rmsnorm",
        "@inproceedings{zhang2019rmsnorm,\n  title = {Root Mean Square Layer Normalization},\n  author = {Zhang, Biao and Sennrich, Rico},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {32},\n  year = {2019}\n}"
    ),
    reference!(
        "su2021roformer",
        "@article{su2021roformer,\n  title = {{RoFormer}: Enhanced Transformer with Rotary Position Embedding},\n  author = {Su, Jianlin and Lu, Yu and Pan, Shengfeng and Murtadha, Ahmed and Wen, Bo and Liu, Yunfeng},\n  journal = {arXiv preprint arXiv:2104.09864},\n  year = {2021}\n}"
    ),
    reference!(
        "shazeer2020glu",
        "@article{shazeer2020glu,\n  title = {{GLU} Variants Improve Transformer},\n  author = {Shazeer, Noam},\n  journal = {arXiv preprint arXiv:2002.05202},\n  year = {2020}\n}"
    ),
    reference!(
        "ainslie2023gqa",
        "@inproceedings{ainslie2023gqa,\n  title = {{GQA}: Training Generalized Multi-Query Transformer Models from Multi-Head Checkpoints},\n  author = {Ainslie, Joshua and Lee-Thorp, James and de Jong, Michiel and Zemlyanskiy, Yury and Lebr{\\'o}n, Federico and Sanghai, Sumit},\n  booktitle = {Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing},\n  year = {2023}\n}"
    ),
    reference!(
        "pope2023inference",
        "@inproceedings{pope2023inference,\n  title = {Efficiently Scaling Transformer Inference},\n  author = {Pope, Reiner and Douglas, Sholto and Chowdhery, Aakanksha and Devlin, Jacob and Bradbury, James and Heek, Jonathan and Xiao, Kefan and Agrawal, Shivani and Dean, Jeff},\n  booktitle = {Proceedings of Machine Learning and Systems},\n  volume = {5},\n  year = {2023}\n}"
    ),
    reference!(
        "devlin2019bert",
        "@inproceedings{devlin2019bert,\n  title = {{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding},\n  author = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},\n  booktitle = {Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational Linguistics},\n  pages = {4171--4186},\n  year = {2019}\n}"
    ),
    reference!(
        "reimers2019sbert",
        "@inproceedings{reimers2019sbert,\n  title = {Sentence-{BERT}: Sentence Embeddings using {S}iamese {BERT}-Networks},\n  author = {Reimers, Nils and Gurevych, Iryna},\n  booktitle = {Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing},\n  year = {2019}\n}"
    ),
    reference!(
        "nogueira2019passage",
        "@article{nogueira2019passage,\n  title = {Passage Re-ranking with {BERT}},\n  author = {Nogueira, Rodrigo and Cho, Kyunghyun},\n  journal = {arXiv preprint arXiv:1901.04085},\n  year = {2019}\n}"
    ),
    reference!(
        "dosovitskiy2021vit",
        "@inproceedings{dosovitskiy2021vit,\n  title = {An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale},\n  author = {Dosovitskiy, Alexey and Beyer, Lucas and Kolesnikov, Alexander and Weissenborn, Dirk and Zhai, Xiaohua and Unterthiner, Thomas and Dehghani, Mostafa and Minderer, Matthias and Heigold, Georg and Gelly, Sylvain and Uszkoreit, Jakob and Houlsby, Neil},\n  booktitle = {International Conference on Learning Representations},\n  year = {2021}\n}"
    ),
    reference!(
        "he2016resnet",
        "@inproceedings{he2016resnet,\n  title = {Deep Residual Learning for Image Recognition},\n  author = {He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},\n  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition},\n  pages = {770--778},\n  year = {2016}\n}"
    ),
    reference!(
        "ronneberger2015unet",
        "@inproceedings{ronneberger2015unet,\n  title = {{U-Net}: Convolutional Networks for Biomedical Image Segmentation},\n  author = {Ronneberger, Olaf and Fischer, Philipp and Brox, Thomas},\n  booktitle = {Medical Image Computing and Computer-Assisted Intervention},\n  pages = {234--241},\n  year = {2015}\n}"
    ),
    reference!(
        "tian2019fcos",
        "@inproceedings{tian2019fcos,\n  title = {{FCOS}: Fully Convolutional One-Stage Object Detection},\n  author = {Tian, Zhi and Shen, Chunhua and Chen, Hao and He, Tong},\n  booktitle = {Proceedings of the IEEE/CVF International Conference on Computer Vision},\n  year = {2019}\n}"
    ),
    reference!(
        "lin2017fpn",
        "@inproceedings{lin2017fpn,\n  title = {Feature Pyramid Networks for Object Detection},\n  author = {Lin, Tsung-Yi and Doll{\\'a}r, Piotr and Girshick, Ross and He, Kaiming and Hariharan, Bharath and Belongie, Serge},\n  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition},\n  year = {2017}\n}"
    ),
    reference!(
        "lin2017focal",
        "@inproceedings{lin2017focal,\n  title = {Focal Loss for Dense Object Detection},\n  author = {Lin, Tsung-Yi and Goyal, Priya and Girshick, Ross and He, Kaiming and Doll{\\'a}r, Piotr},\n  booktitle = {Proceedings of the IEEE International Conference on Computer Vision},\n  year = {2017}\n}"
    ),
    reference!(
        "redmon2016yolo",
        "@inproceedings{redmon2016yolo,\n  title = {You Only Look Once: Unified, Real-Time Object Detection},\n  author = {Redmon, Joseph and Divvala, Santosh and Girshick, Ross and Farhadi, Ali},\n  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition},\n  year = {2016}\n}"
    ),
    reference!(
        "carion2020detr",
        "@inproceedings{carion2020detr,\n  title = {End-to-End Object Detection with Transformers},\n  author = {Carion, Nicolas and Massa, Francisco and Synnaeve, Gabriel and Usunier, Nicolas and Kirillov, Alexander and Zagoruyko, Sergey},\n  booktitle = {European Conference on Computer Vision},\n  year = {2020}\n}"
    ),
    reference!(
        "ho2020ddpm",
        "@inproceedings{ho2020ddpm,\n  title = {Denoising Diffusion Probabilistic Models},\n  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {33},\n  year = {2020}\n}"
    ),
    reference!(
        "song2021ddim",
        "@inproceedings{song2021ddim,\n  title = {Denoising Diffusion Implicit Models},\n  author = {Song, Jiaming and Meng, Chenlin and Ermon, Stefano},\n  booktitle = {International Conference on Learning Representations},\n  year = {2021}\n}"
    ),
    reference!(
        "rombach2022ldm",
        "@inproceedings{rombach2022ldm,\n  title = {High-Resolution Image Synthesis with Latent Diffusion Models},\n  author = {Rombach, Robin and Blattmann, Andreas and Lorenz, Dominik and Esser, Patrick and Ommer, Bj{\\\"o}rn},\n  booktitle = {Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition},\n  pages = {10684--10695},\n  year = {2022}\n}"
    ),
    reference!(
        "peebles2023dit",
        "@inproceedings{peebles2023dit,\n  title = {Scalable Diffusion Models with Transformers},\n  author = {Peebles, William and Xie, Saining},\n  booktitle = {Proceedings of the IEEE/CVF International Conference on Computer Vision},\n  year = {2023}\n}"
    ),
    reference!(
        "ho2022video",
        "@inproceedings{ho2022video,\n  title = {Video Diffusion Models},\n  author = {Ho, Jonathan and Salimans, Tim and Gritsenko, Alexey and Chan, William and Norouzi, Mohammad and Fleet, David J.},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {35},\n  year = {2022}\n}"
    ),
    reference!(
        "qi2017pointnet",
        "@inproceedings{qi2017pointnet,\n  title = {{PointNet}: Deep Learning on Point Sets for {3D} Classification and Segmentation},\n  author = {Qi, Charles R. and Su, Hao and Mo, Kaichun and Guibas, Leonidas J.},\n  booktitle = {Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition},\n  pages = {652--660},\n  year = {2017}\n}"
    ),
    reference!(
        "nichol2022pointe",
        "@article{nichol2022pointe,\n  title = {Point-{E}: A System for Generating {3D} Point Clouds from Complex Prompts},\n  author = {Nichol, Alex and Jun, Heewoo and Dhariwal, Prafulla and Mishkin, Pamela and Chen, Mark},\n  journal = {arXiv preprint arXiv:2212.08751},\n  year = {2022}\n}"
    ),
    reference!(
        "radford2021clip",
        "@inproceedings{radford2021clip,\n  title = {Learning Transferable Visual Models From Natural Language Supervision},\n  author = {Radford, Alec and Kim, Jong Wook and Hallacy, Chris and Ramesh, Aditya and Goh, Gabriel and Agarwal, Sandhini and Sastry, Girish and Askell, Amanda and Mishkin, Pamela and Clark, Jack and Krueger, Gretchen and Sutskever, Ilya},\n  booktitle = {Proceedings of the 38th International Conference on Machine Learning},\n  year = {2021}\n}"
    ),
    reference!(
        "radford2023whisper",
        "@inproceedings{radford2023whisper,\n  title = {Robust Speech Recognition via Large-Scale Weak Supervision},\n  author = {Radford, Alec and Kim, Jong Wook and Xu, Tao and Brockman, Greg and McLeavey, Christine and Sutskever, Ilya},\n  booktitle = {Proceedings of the 40th International Conference on Machine Learning},\n  year = {2023}\n}"
    ),
    reference!(
        "raffel2020t5",
        "@article{raffel2020t5,\n  title = {Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer},\n  author = {Raffel, Colin and Shazeer, Noam and Roberts, Adam and Lee, Katherine and Narang, Sharan and Matena, Michael and Zhou, Yanqi and Li, Wei and Liu, Peter J.},\n  journal = {Journal of Machine Learning Research},\n  volume = {21},\n  number = {140},\n  pages = {1--67},\n  year = {2020},\n  note = {arXiv:1910.10683}\n}"
    ),
    reference!(
        "copet2023musicgen",
        "@inproceedings{copet2023musicgen,\n  title = {Simple and Controllable Music Generation},\n  author = {Copet, Jade and Kreuk, Felix and Gat, Itai and Remez, Tal and Kant, David and Synnaeve, Gabriel and Adi, Yossi and D{\\'e}fossez, Alexandre},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {36},\n  year = {2023}\n}"
    ),
    reference!(
        "nie2023patchtst",
        "@inproceedings{nie2023patchtst,\n  title = {A Time Series is Worth 64 Words: Long-term Forecasting with Transformers},\n  author = {Nie, Yuqi and Nguyen, Nam H. and Sinthong, Phanwadee and Kalagnanam, Jayant},\n  booktitle = {International Conference on Learning Representations},\n  year = {2023}\n}"
    ),
    reference!(
        "sakurada2014anomaly",
        "@inproceedings{sakurada2014anomaly,\n  title = {Anomaly Detection Using Autoencoders with Nonlinear Dimensionality Reduction},\n  author = {Sakurada, Mayu and Yairi, Takehisa},\n  booktitle = {Proceedings of the MLSDA 2014 2nd Workshop on Machine Learning for Sensory Data Analysis},\n  year = {2014}\n}"
    ),
    reference!(
        "gorishniy2021tabular",
        "@inproceedings{gorishniy2021tabular,\n  title = {Revisiting Deep Learning Models for Tabular Data},\n  author = {Gorishniy, Yury and Rubachev, Ivan and Khrulkov, Valentin and Babenko, Artem},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {34},\n  year = {2021}\n}"
    ),
    reference!(
        "schulman2017ppo",
        "@article{schulman2017ppo,\n  title = {Proximal Policy Optimization Algorithms},\n  author = {Schulman, John and Wolski, Filip and Dhariwal, Prafulla and Radford, Alec and Klimov, Oleg},\n  journal = {arXiv preprint arXiv:1707.06347},\n  year = {2017}\n}"
    ),
    reference!(
        "mnih2015dqn",
        "@article{mnih2015dqn,\n  title = {Human-Level Control through Deep Reinforcement Learning},\n  author = {Mnih, Volodymyr and Kavukcuoglu, Koray and Silver, David and Rusu, Andrei A. and Veness, Joel and Bellemare, Marc G. and Graves, Alex and Riedmiller, Martin and Fidjeland, Andreas K. and Ostrovski, Georg and others},\n  journal = {Nature},\n  volume = {518},\n  number = {7540},\n  pages = {529--533},\n  year = {2015}\n}"
    ),
    reference!(
        "hafner2019planet",
        "@inproceedings{hafner2019planet,\n  title = {Learning Latent Dynamics for Planning from Pixels},\n  author = {Hafner, Danijar and Lillicrap, Timothy and Fischer, Ian and Villegas, Ruben and Ha, David and Lee, Honglak and Davidson, James},\n  booktitle = {Proceedings of the 36th International Conference on Machine Learning},\n  year = {2019}\n}"
    ),
    reference!(
        "velickovic2018gat",
        "@inproceedings{velickovic2018gat,\n  title = {Graph Attention Networks},\n  author = {Veli{\\v{c}}kovi{\\'c}, Petar and Cucurull, Guillem and Casanova, Arantxa and Romero, Adriana and Li{\\`o}, Pietro and Bengio, Yoshua},\n  booktitle = {International Conference on Learning Representations},\n  year = {2018}\n}"
    ),
    reference!(
        "kipf2017gcn",
        "@inproceedings{kipf2017gcn,\n  title = {Semi-Supervised Classification with Graph Convolutional Networks},\n  author = {Kipf, Thomas N. and Welling, Max},\n  booktitle = {International Conference on Learning Representations},\n  year = {2017}\n}"
    ),
    reference!(
        "kipf2016vgae",
        "@article{kipf2016vgae,\n  title = {Variational Graph Auto-Encoders},\n  author = {Kipf, Thomas N. and Welling, Max},\n  journal = {arXiv preprint arXiv:1611.07308},\n  year = {2016}\n}"
    ),
    reference!(
        "covington2016youtube",
        "@inproceedings{covington2016youtube,\n  title = {Deep Neural Networks for {YouTube} Recommendations},\n  author = {Covington, Paul and Adams, Jay and Sargin, Emre},\n  booktitle = {Proceedings of the 10th ACM Conference on Recommender Systems},\n  pages = {191--198},\n  year = {2016}\n}"
    ),
    reference!(
        "loshchilov2019adamw",
        "@inproceedings{loshchilov2019adamw,\n  title = {Decoupled Weight Decay Regularization},\n  author = {Loshchilov, Ilya and Hutter, Frank},\n  booktitle = {International Conference on Learning Representations},\n  year = {2019}\n}"
    ),
    reference!(
        "micikevicius2018mixed",
        "@inproceedings{micikevicius2018mixed,\n  title = {Mixed Precision Training},\n  author = {Micikevicius, Paulius and Narang, Sharan and Alben, Jonah and Diamos, Gregory and Elsen, Erich and Garcia, David and Ginsburg, Boris and Houston, Michael and Kuchaiev, Oleksii and Venkatesh, Ganesh and Wu, Hao},\n  booktitle = {International Conference on Learning Representations},\n  year = {2018}\n}"
    ),
    reference!(
        "dao2022flashattention",
        "@inproceedings{dao2022flashattention,\n  title = {{FlashAttention}: Fast and Memory-Efficient Exact Attention with {IO}-Awareness},\n  author = {Dao, Tri and Fu, Daniel Y. and Ermon, Stefano and Rudra, Atri and R{\\'e}, Christopher},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {35},\n  year = {2022}\n}"
    ),
    reference!(
        "rajbhandari2020zero",
        "@inproceedings{rajbhandari2020zero,\n  title = {{ZeRO}: Memory Optimizations Toward Training Trillion Parameter Models},\n  author = {Rajbhandari, Samyam and Rasley, Jeff and Ruwase, Olatunji and He, Yuxiong},\n  booktitle = {Proceedings of the International Conference for High Performance Computing, Networking, Storage and Analysis},\n  year = {2020}\n}"
    ),
    reference!(
        "zhao2023fsdp",
        "@article{zhao2023fsdp,\n  title = {{PyTorch FSDP}: Experiences on Scaling Fully Sharded Data Parallel},\n  author = {Zhao, Yanli and Gu, Andrew and Varma, Rohan and Luo, Liang and Huang, Chien-Chin and Xu, Min and Wright, Less and Shojanazeri, Hamid and Ott, Myle and Shleifer, Sam and others},\n  journal = {Proceedings of the VLDB Endowment},\n  volume = {16},\n  number = {12},\n  year = {2023}\n}"
    ),
    reference!(
        "korthikanti2023activation",
        "@inproceedings{korthikanti2023activation,\n  title = {Reducing Activation Recomputation in Large Transformer Models},\n  author = {Korthikanti, Vijay Anand and Casper, Jared and Lym, Sangkug and McAfee, Lawrence and Andersch, Michael and Shoeybi, Mohammad and Catanzaro, Bryan},\n  booktitle = {Proceedings of Machine Learning and Systems},\n  volume = {5},\n  year = {2023}\n}"
    ),
    reference!(
        "chowdhery2023palm",
        "@article{chowdhery2023palm,\n  title = {{PaLM}: Scaling Language Modeling with Pathways},\n  author = {Chowdhery, Aakanksha and Narang, Sharan and Devlin, Jacob and Bosma, Maarten and Mishra, Gaurav and Roberts, Adam and Barham, Paul and Chung, Hyung Won and Sutton, Charles and Gehrmann, Sebastian and others},\n  journal = {Journal of Machine Learning Research},\n  volume = {24},\n  number = {240},\n  pages = {1--113},\n  year = {2023}\n}"
    ),
    reference!(
        "williams2009roofline",
        "@article{williams2009roofline,\n  title = {Roofline: An Insightful Visual Performance Model for Multicore Architectures},\n  author = {Williams, Samuel and Waterman, Andrew and Patterson, David},\n  journal = {Communications of the ACM},\n  volume = {52},\n  number = {4},\n  pages = {65--76},\n  year = {2009}\n}"
    ),
    reference!(
        "muennighoff2023data",
        "@inproceedings{muennighoff2023data,\n  title = {Scaling Data-Constrained Language Models},\n  author = {Muennighoff, Niklas and Rush, Alexander M. and Barak, Boaz and Le Scao, Teven and Piktus, Aleksandra and Tazi, Nouamane and Pyysalo, Sampo and Wolf, Thomas and Raffel, Colin},\n  booktitle = {Advances in Neural Information Processing Systems},\n  volume = {36},\n  year = {2023}\n}"
    ),
    reference!(
        "strubell2019energy",
        "@inproceedings{strubell2019energy,\n  title = {Energy and Policy Considerations for Deep Learning in {NLP}},\n  author = {Strubell, Emma and Ganesh, Ananya and McCallum, Andrew},\n  booktitle = {Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics},\n  pages = {3645--3650},\n  year = {2019}\n}"
    ),
    reference!(
        "mitchell2019modelcards",
        "@inproceedings{mitchell2019modelcards,\n  title = {Model Cards for Model Reporting},\n  author = {Mitchell, Margaret and Wu, Simone and Zaldivar, Andrew and Barnes, Parker and Vasserman, Lucy and Hutchinson, Ben and Spitzer, Elena and Raji, Inioluwa Deborah and Gebru, Timnit},\n  booktitle = {Proceedings of the Conference on Fairness, Accountability, and Transparency},\n  pages = {220--229},\n  year = {2019}\n}"
    ),
    reference!(
        "gebru2021datasheets",
        "@article{gebru2021datasheets,\n  title = {Datasheets for Datasets},\n  author = {Gebru, Timnit and Morgenstern, Jamie and Vecchione, Briana and Vaughan, Jennifer Wortman and Wallach, Hanna and Daum{\\'e} III, Hal and Crawford, Kate},\n  journal = {Communications of the ACM},\n  volume = {64},\n  number = {12},\n  pages = {86--92},\n  year = {2021}\n}"
    ),
];

/// The entry for a key.
pub fn lookup(key: &str) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.key == key)
}

/// The `.bib` file holding exactly the given keys, in citation order.
pub fn bibliography(keys: &[&str]) -> String {
    let mut out = String::new();
    for key in keys {
        if let Some(reference) = lookup(key) {
            out.push_str(reference.bibtex);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_match_their_entries() {
        for (i, r) in REFERENCES.iter().enumerate() {
            assert!(r.bibtex.contains(&format!("{{{},", r.key)), "{}", r.key);
            assert!(r.bibtex.contains("year = {"), "{} has a year", r.key);
            assert!(r.bibtex.contains("author = {"), "{} has authors", r.key);
            assert!(
                REFERENCES[i + 1..].iter().all(|o| o.key != r.key),
                "{} twice",
                r.key
            );
            let opens = r.bibtex.matches('{').count();
            let closes = r.bibtex.matches('}').count();
            assert_eq!(opens, closes, "{} braces", r.key);
        }
    }
}
